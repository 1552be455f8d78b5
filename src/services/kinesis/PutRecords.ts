/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html */
import type { PutRecordsInput, PutRecordsOutput, PutRecordsResultEntry } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { recordsTooLarge } from './errors.js'
import { appendRecord, checkRecord, commitAll, type Target, withTarget } from './records.js'
import { usableStream } from './streams.js'

const MAX_REQUEST_BYTES = 5 * 1024 * 1024

export const PutRecords: Handler<PutRecordsInput, PutRecordsOutput> = async (input, ctx) => {
  const s = usableStream(ctx, input)
  const records = input.Records
  const sizes = new Array<number>(records.length)
  let total = 0
  for (let i = 0; i < records.length; i++) {
    sizes[i] = checkRecord(s, records[i]!, `records.${i + 1}.member.partitionKey`)
    total += sizes[i]!
  }
  if (total > MAX_REQUEST_BYTES) throw recordsTooLarge(total)
  if (input.DryRun) return { FailedRecordCount: 0, Records: [] }
  const now = ctx.now()
  const touched = new Set<number>()
  const counts = new Map<number, number>()
  const out = new Array<PutRecordsResultEntry>(records.length)
  let failed = 0
  // All appends in one synchronous block: the records keep their order within each shard.
  const t: Target = await withTarget(ctx, s, (t) => {
    for (let i = 0; i < records.length; i++) appendOne(t, i)
    return t
  })
  function appendOne(t: Target, i: number): void {
    const a = appendRecord(ctx, s, t, records[i]!, sizes[i]!, now, touched)
    if (a.sequence) {
      out[i] = { SequenceNumber: a.sequence, ShardId: t.ids[a.shard]! }
      counts.set(a.shard, (counts.get(a.shard) ?? 0) + 1)
    } else {
      failed++
      out[i] = {
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard ${t.ids[a.shard]} in stream ${s.name} under account ${ctx.account}.`,
      }
    }
  }
  await commitAll(ctx, s, t, touched, counts, total)
  return {
    FailedRecordCount: failed,
    Records: out,
    ...(s.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}),
  }
}
