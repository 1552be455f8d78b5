/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html */
import type { GetShardIteratorInput, GetShardIteratorOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import {
  badStartingSequence,
  iteratorTypeMismatch,
  missingTimestamp,
  sequenceForOtherShard,
  shardNotFound,
  timestampInFuture,
} from './errors.js'
import { encodeIterator } from './iterators.js'
import { parseSequence, shardIdOf, shardIndexOf } from './sequence-numbers.js'
import { stateOf, usableStream } from './streams.js'

export const GetShardIterator: Handler<GetShardIteratorInput, GetShardIteratorOutput> = async (
  input,
  ctx,
) => {
  const s = usableStream(ctx, input)
  const ix = shardIndexOf(input.ShardId)
  const shard = s.shards.find((x) => x.index === ix)
  if (!shard) throw shardNotFound(input.ShardId, s.name, ctx.account)
  const st = stateOf(ctx)
  const log = await st.log(s, shard.index)
  const type = input.ShardIteratorType
  const seq = input.StartingSequenceNumber
  const now = ctx.now()
  let offset: number
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (seq === undefined) throw iteratorTypeMismatch(type, false)
    const p = parseSequence(seq)
    if (!p) throw badStartingSequence(seq, input.ShardId, s.name, ctx.account)
    if (p.shardIndex !== shard.index) {
      throw sequenceForOtherShard(shardIdOf(p.shardIndex), input.ShardId)
    }
    if (p.streamCreatedMs !== s.createdMs) {
      throw badStartingSequence(
        seq,
        input.ShardId,
        s.name,
        ctx.account,
        ' because it did not come from this stream',
      )
    }
    offset = type === 'AT_SEQUENCE_NUMBER' ? p.offset : p.offset + 1
  } else if (type === 'AT_TIMESTAMP') {
    if (!input.Timestamp) throw missingTimestamp()
    const ts = input.Timestamp.getTime()
    if (ts > now) throw timestampInFuture(ts, now)
    offset = await log.offsetAtTime(ts)
  } else {
    if (seq !== undefined) throw iteratorTypeMismatch(type, true)
    offset = type === 'TRIM_HORIZON' ? log.trimOffset : (shard.endOffset ?? log.nextOffset)
  }
  if (input.DryRun) return {}
  return {
    ShardIterator: encodeIterator(st.secret, {
      issuedAt: now,
      offset,
      shardIndex: shard.index,
      streamCreatedMs: s.createdMs,
      streamArn: s.arn,
    }),
  }
}
