/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html */
import type { ListShardsInput, ListShardsOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { shardIndexOf } from './sequence-numbers.js'
import { filterShards } from './shard-filters.js'
import { findStream, shardView, stateOf } from './streams.js'
import { decodeToken, encodeToken } from './tokens.js'

export const ListShards: Handler<ListShardsInput, ListShardsOutput> = (input, ctx) => {
  const st = stateOf(ctx)
  let ref = { StreamName: input.StreamName, StreamARN: input.StreamARN }
  let after = input.ExclusiveStartShardId ? (shardIndexOf(input.ExclusiveStartShardId) ?? -1) : -1
  let filter = input.ShardFilter
  if (input.NextToken) {
    if (input.StreamName || input.StreamARN) {
      throw invalidArgument('NextToken and StreamName cannot be provided together.')
    }
    const t = decodeToken<{ arn: string; after: number; filter?: ListShardsInput['ShardFilter'] }>(
      st.secret,
      ctx.now(),
      input.NextToken,
    )
    ref = { StreamName: undefined, StreamARN: t.arn }
    after = t.after
    filter = t.filter && {
      ...t.filter,
      ...(t.filter.Timestamp ? { Timestamp: new Date(t.filter.Timestamp) } : {}),
    }
  } else if (!input.StreamName && !input.StreamARN) {
    throw invalidArgument('Either NextToken or StreamName should be provided.')
  }
  const s = findStream(ctx, ref)
  const limit = input.MaxResults ?? 1000
  const sorted = [...s.shards].sort((a, b) => a.index - b.index)
  const trimHorizonMs = ctx.now() - s.retentionHours * 3_600_000
  const all = filterShards(sorted, filter, trimHorizonMs).filter((x) => x.index > after)
  const page = all.slice(0, limit)
  const hasMore = all.length > limit
  return {
    Shards: page.map((x) => shardView(s, x)),
    ...(hasMore
      ? {
          NextToken: encodeToken(st.secret, ctx.now(), {
            arn: s.arn,
            after: page[page.length - 1]!.index,
            ...(filter ? { filter } : {}),
          }),
        }
      : {}),
  }
}
