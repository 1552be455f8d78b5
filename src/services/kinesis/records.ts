/** The record path shared by PutRecord and PutRecords: validate, route, append, commit. */
import { AwsError } from '../../server/errors.js'
import type { ShardLog } from '../../storage/stream-log.js'
import type { Ctx } from '../types.js'
import { invalidHashKey, recordTooLarge } from './errors.js'
import { hashKeyOf, parseHashKey } from './hash-keys.js'
import { countWrites } from './on-demand.js'
import { sequenceAt, sequencePrefix, shardIdOf } from './sequence-numbers.js'
import type { ShardRow, StreamRow } from './store.js'
import { openLogsOf, openShards, routingCache, stateOf } from './streams.js'
import { admitWrite } from './throttle.js'

declare module '../../server/event-bus.js' {
  interface EventMap {
    /** Records were appended to a shard and are readable (Firehose and live tails wake on it). */
    'kinesis:RecordsAppended': { streamArn: string; shardId: string; count: number }
  }
}

export interface RecordIn {
  Data: Uint8Array
  PartitionKey?: string
  ExplicitHashKey?: string
}

export interface Target {
  shards: ShardRow[]
  logs: ShardLog[]
  ids: string[]
  /** Sequence-number prefixes of the shards. */
  prefixes: string[]
  /** Round-robin cursor of the AUTO record distribution strategy. */
  next: number
}

// Targets are rebuilt only when the shard set changes (a reshard bumps nextShardIndex; retention
// drops closed shards), so the put path does no per-call string or array building.

const isStale = (t: Target): boolean => t.shards.some((x) => x.closedAt !== undefined)

/**
 * The stream's open shards with their logs, for appends made synchronously after the await:
 * a shard closed meanwhile (a reshard in between) means fetching again.
 */
export const withTarget = async <T>(ctx: Ctx, s: StreamRow, fn: (t: Target) => T): Promise<T> => {
  for (;;) {
    const t = await routingOf(ctx, s)
    if (!isStale(t)) return fn(t)
  }
}

const routingOf = async (ctx: Ctx, s: StreamRow): Promise<Target> => {
  const version = s.nextShardIndex * 1_000_000 + s.shards.length
  const cached = routingCache.get(s) as { version: number; target: Target } | undefined
  if (cached && cached.version === version) return cached.target
  await openLogsOf(ctx, s)
  const st = stateOf(ctx)
  const shards = openShards(s)
  const target: Target = {
    shards,
    logs: shards.map((x) => st.openLog(s, x.index)!),
    ids: shards.map((x) => shardIdOf(x.index)),
    prefixes: shards.map((x) => sequencePrefix(x.index, s.createdMs)),
    next: 0,
  }
  routingCache.set(s, { version, target })
  return target
}

const nullKey = (path: string): AwsError =>
  new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  )

/** Checks one record's meaning (shape checks already ran); returns its size (data + key). */
export const checkRecord = (s: StreamRow, r: RecordIn, path: string): number => {
  if (r.PartitionKey === undefined && s.distribution !== 'AUTO') throw nullKey(path)
  if (r.ExplicitHashKey !== undefined && parseHashKey(r.ExplicitHashKey) === undefined) {
    throw invalidHashKey(r.ExplicitHashKey)
  }
  const size = r.Data.length + (r.PartitionKey ? Buffer.byteLength(r.PartitionKey) : 0)
  const max = s.maxRecordKiB * 1024
  if (size > max) throw recordTooLarge(size, max)
  return size
}

const route = (shards: ShardRow[], hash: bigint): number => {
  let lo = 0
  let hi = shards.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (shards[mid]!.start <= hash) lo = mid
    else hi = mid - 1
  }
  return lo
}

const hashOf = (r: RecordIn): bigint =>
  r.ExplicitHashKey !== undefined ? BigInt(r.ExplicitHashKey) : hashKeyOf(r.PartitionKey!)

export interface Appended {
  shard: number
  /** Undefined when the shard's write limit refused the record (--kinesis-throttle). */
  sequence?: string
}

/**
 * Appends one record synchronously (offset assigned now; durable after `commitAll`).
 */
export const appendRecord = (
  ctx: Ctx,
  s: StreamRow,
  t: Target,
  r: RecordIn,
  size: number,
  now: number,
  touched: Set<number>,
): Appended => {
  // AUTO: the service spreads records evenly and ignores PartitionKey and ExplicitHashKey.
  const j = s.distribution === 'AUTO' ? t.next++ % t.shards.length : route(t.shards, hashOf(r))
  if (ctx.config.kinesisThrottle && !admitWrite(`${s.id}/${t.shards[j]!.index}`, size, now)) {
    return { shard: j }
  }
  const offset = t.logs[j]!.append(r.PartitionKey ?? '', r.Data, now)
  touched.add(j)
  return { shard: j, sequence: sequenceAt(t.prefixes[j]!, offset) }
}

/** Waits for every touched shard's group commit, then tells the bus. */
export const commitAll = async (
  ctx: Ctx,
  s: StreamRow,
  t: Target,
  touched: Set<number>,
  counts: Map<number, number> | number,
  bytes: number,
): Promise<void> => {
  if (s.mode === 'ON_DEMAND') {
    let n = 0
    if (typeof counts === 'number') n = counts
    else for (const c of counts.values()) n += c
    countWrites(s.id, n, bytes, ctx.now())
  }
  if (touched.size === 1) {
    for (const j of touched) await t.logs[j]!.commit()
  } else {
    await Promise.all([...touched].map((j) => t.logs[j]!.commit()))
  }
  for (const j of touched) {
    ctx.bus.publish('kinesis:RecordsAppended', {
      streamArn: s.arn,
      shardId: t.ids[j]!,
      count: typeof counts === 'number' ? counts : (counts.get(j) ?? 0),
    })
  }
}
