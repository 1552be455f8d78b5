/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html */
import type { GetShardIteratorInput, GetShardIteratorOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { shardNotFound } from './errors.js'
import { encodeIterator } from './iterators.js'
import { startOffset } from './positions.js'
import { shardIndexOf } from './sequence-numbers.js'
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
  const offset = await startOffset(ctx, s, shard, log, {
    type: input.ShardIteratorType,
    sequence: input.StartingSequenceNumber,
    timestamp: input.Timestamp,
  })
  if (input.DryRun) return {}
  return {
    ShardIterator: encodeIterator(st.secret, {
      issuedAt: ctx.now(),
      offset,
      shardIndex: shard.index,
      streamCreatedMs: s.createdMs,
      streamArn: s.arn,
    }),
  }
}
