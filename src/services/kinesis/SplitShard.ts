/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html */
import type { EmptyStructure, SplitShardInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { couldNotFindShard, invalidArgument } from './errors.js'
import { splitShard } from './resharding.js'
import { shardIndexOf } from './sequence-numbers.js'
import { activeStream, checkShardLimit, transition } from './streams.js'

export const SplitShard: Handler<SplitShardInput, EmptyStructure> = async (input, ctx) => {
  const s = activeStream(ctx, input)
  const ix = shardIndexOf(input.ShardToSplit)
  const shard = s.shards.find((x) => x.index === ix && x.closedAt === undefined)
  if (!shard) throw couldNotFindShard(input.ShardToSplit, s.name, ctx.account)
  const at = BigInt(input.NewStartingHashKey)
  if (at <= shard.start + 1n || at >= shard.end) {
    throw invalidArgument(
      `NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${input.ShardToSplit} in stream ${s.name} under account ${ctx.account} is not both greater than one plus the shard's StartingHashKey ${shard.start} and less than the shard's EndingHashKey ${shard.end}.`,
    )
  }
  checkShardLimit(ctx, 1)
  await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs, async (cur) => {
    const live = cur.shards.find((x) => x.index === shard.index && x.closedAt === undefined)
    if (live) await splitShard(ctx, cur, live, at)
  })
  return {}
}
