/**
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
 * Not supported: SequenceNumberForOrdering (accepted; order within a shard is arrival order anyway).
 */
import type { PutRecordInput, PutRecordOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument, throughputExceeded } from './errors.js'
import { appendRecord, checkRecord, commitAll, withTarget } from './records.js'
import { usableStream } from './streams.js'

export const PutRecord: Handler<PutRecordInput, PutRecordOutput> = async (input, ctx) => {
  const s = usableStream(ctx, input)
  const size = checkRecord(s, input, 'partitionKey')
  if (s.distribution === 'AUTO' && input.SequenceNumberForOrdering !== undefined) {
    throw invalidArgument(
      'SequenceNumberForOrdering must not be provided for a stream using the AUTO record distribution strategy.',
    )
  }
  if (input.DryRun) {
    return withTarget(ctx, s, (t) => ({ ShardId: t.ids[0]!, SequenceNumber: '0' }))
  }
  const touched = new Set<number>()
  const [t, a] = await withTarget(ctx, s, (t) => {
    return [t, appendRecord(ctx, s, t, input, size, ctx.now(), touched)] as const
  })
  if (!a.sequence) throw throughputExceeded(t.ids[a.shard]!, s.name, ctx.account)
  await commitAll(ctx, s, t, touched, 1, size)
  return {
    ShardId: t.ids[a.shard]!,
    SequenceNumber: a.sequence,
    ...(s.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}),
  }
}
