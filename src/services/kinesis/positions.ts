/** Where a reader starts in a shard: the five iterator types, with AWS's checks and wording. */
import type { ShardIteratorType } from '../../gen/kinesis.js'
import type { ShardLog } from '../../storage/stream-log.js'
import type { Ctx } from '../types.js'
import {
  badStartingSequence,
  iteratorTypeMismatch,
  missingTimestamp,
  sequenceForOtherShard,
  timestampInFuture,
} from './errors.js'
import { parseSequence, shardIdOf } from './sequence-numbers.js'
import type { ShardRow, StreamRow } from './store.js'

export interface StartingPoint {
  type: ShardIteratorType
  sequence?: string
  timestamp?: Date
}

export const startOffset = async (
  ctx: Ctx,
  s: StreamRow,
  shard: ShardRow,
  log: ShardLog,
  at: StartingPoint,
): Promise<number> => {
  const shardId = shardIdOf(shard.index)
  const { type, sequence: seq } = at
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (seq === undefined) throw iteratorTypeMismatch(type, false)
    const p = parseSequence(seq)
    if (!p) throw badStartingSequence(seq, shardId, s.name, ctx.account)
    if (p.shardIndex !== shard.index) throw sequenceForOtherShard(shardIdOf(p.shardIndex), shardId)
    if (p.streamCreatedMs !== s.createdMs) {
      throw badStartingSequence(
        seq,
        shardId,
        s.name,
        ctx.account,
        ' because it did not come from this stream',
      )
    }
    return type === 'AT_SEQUENCE_NUMBER' ? p.offset : p.offset + 1
  }
  if (type === 'AT_TIMESTAMP') {
    if (!at.timestamp) throw missingTimestamp()
    const ts = at.timestamp.getTime()
    const now = ctx.now()
    if (ts > now) throw timestampInFuture(ts, now)
    return log.offsetAtTime(ts)
  }
  if (seq !== undefined) throw iteratorTypeMismatch(type, true)
  return type === 'TRIM_HORIZON' ? log.trimOffset : (shard.endOffset ?? log.nextOffset)
}
