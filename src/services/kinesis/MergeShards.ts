/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html */
import type { EmptyStructure, MergeShardsInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { couldNotFindShard, invalidArgument } from './errors.js'
import { mergeShards } from './resharding.js'
import { shardIndexOf } from './sequence-numbers.js'
import { activeStream, transition } from './streams.js'

export const MergeShards: Handler<MergeShardsInput, EmptyStructure> = async (input, ctx) => {
  const s = activeStream(ctx, input)
  const find = (id: string) => {
    const ix = shardIndexOf(id)
    const shard = s.shards.find((x) => x.index === ix && x.closedAt === undefined)
    if (!shard) throw couldNotFindShard(id, s.name, ctx.account)
    return shard
  }
  const x = find(input.ShardToMerge)
  const y = find(input.AdjacentShardToMerge)
  if (x.end + 1n !== y.start && y.end + 1n !== x.start) {
    throw invalidArgument(
      `Shards ${input.ShardToMerge} and ${input.AdjacentShardToMerge} in stream ${s.name} under account ${ctx.account} are not an adjacent pair of shards eligible for merging`,
    )
  }
  await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs, async (cur) => {
    const a = cur.shards.find((z) => z.index === x.index && z.closedAt === undefined)
    const b = cur.shards.find((z) => z.index === y.index && z.closedAt === undefined)
    if (a && b) await mergeShards(ctx, cur, a, b)
  })
  return {}
}
