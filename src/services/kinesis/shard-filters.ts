/** ListShards' ShardFilter types over a stream's shards (open, closed, by time or position). */
import type { ListShardsInput } from '../../gen/kinesis.js'
import { invalidArgument } from './errors.js'
import { shardIndexOf } from './sequence-numbers.js'
import type { ShardRow } from './store.js'

const isOpenAt = (x: ShardRow, ts: number): boolean =>
  x.createdMs <= ts && (x.closedAt === undefined || x.closedAt > ts)

export const filterShards = (shards: ShardRow[], f: ListShardsInput['ShardFilter']): ShardRow[] => {
  if (!f) return shards
  switch (f.Type) {
    case 'AFTER_SHARD_ID': {
      if (!f.ShardId)
        throw invalidArgument('ShardId must be specified for ShardFilter type AFTER_SHARD_ID.')
      const ix = shardIndexOf(f.ShardId) ?? -1
      return shards.filter((x) => x.index > ix)
    }
    case 'AT_LATEST':
      return shards.filter((x) => x.closedAt === undefined)
    case 'AT_TIMESTAMP':
    case 'FROM_TIMESTAMP': {
      if (!f.Timestamp)
        throw invalidArgument(`Timestamp must be specified for ShardFilter type ${f.Type}.`)
      const ts = f.Timestamp.getTime()
      return f.Type === 'AT_TIMESTAMP'
        ? shards.filter((x) => isOpenAt(x, ts))
        : shards.filter((x) => x.closedAt === undefined || x.closedAt > ts)
    }
    case 'AT_TRIM_HORIZON': {
      // Shards open at the trim horizon: the oldest generation still retained.
      const oldest = Math.min(...shards.map((x) => x.createdMs))
      return shards.filter((x) => isOpenAt(x, oldest))
    }
    default:
      return shards
  }
}
