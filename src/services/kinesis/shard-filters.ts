/** ListShards' ShardFilter types over a stream's shards (open, closed, by time or position). */
import type { ListShardsInput } from '../../gen/kinesis.js'
import { invalidArgument } from './errors.js'
import { shardIndexOf } from './sequence-numbers.js'
import type { ShardRow } from './store.js'

const isOpenAt = (x: ShardRow, ts: number): boolean =>
  x.createdMs <= ts && (x.closedAt === undefined || x.closedAt > ts)

/**
 * `trimHorizonMs`: the oldest moment whose records are still retained (now − retention); the
 * AT_TRIM_HORIZON filter lists the shards open at that moment (or, for a stream younger than its
 * retention, at its creation).
 */
export const filterShards = (
  shards: ShardRow[],
  f: ListShardsInput['ShardFilter'],
  trimHorizonMs: number,
): ShardRow[] => {
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
      const oldest = Math.min(...shards.map((x) => x.createdMs))
      const at = Math.max(oldest, trimHorizonMs)
      return shards.filter((x) => isOpenAt(x, at))
    }
    default:
      return shards
  }
}
