/** Shared stream logic: resolving a stream from an input, lifecycle transitions, wire views. */
import type { Shard, StreamStatus } from '../../gen/kinesis.js'
import type { Ctx } from '../types.js'
import { eitherNameOrArn, shardLimitExceeded, streamNotActive, streamNotFound } from './errors.js'
import { evenRanges } from './hash-keys.js'
import { formatSequence, shardIdOf } from './sequence-numbers.js'
import type { KinesisState, ShardRow, StreamRow } from './store.js'

export const stateOf = (ctx: Pick<Ctx, 'services'>): KinesisState =>
  ctx.services.get<KinesisState>('kinesis')

export interface StreamRef {
  StreamName?: string
  StreamARN?: string
}

const nameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)

/** The stream an input names (by ARN or name), in any state. */
export const findStream = (ctx: Ctx, ref: StreamRef): StreamRow => {
  const st = stateOf(ctx)
  if (ref.StreamARN) {
    const s = st.findStreamByArn(ref.StreamARN)
    if (!s || (ref.StreamName && ref.StreamName !== s.name)) {
      throw streamNotFound(ref.StreamName ?? nameOfArn(ref.StreamARN), ctx.account)
    }
    return s
  }
  if (!ref.StreamName) throw eitherNameOrArn()
  const s = st.findStream(ctx.account, ctx.region, ref.StreamName)
  if (!s) throw streamNotFound(ref.StreamName, ctx.account)
  return s
}

/** A stream records may be written to or read from: ACTIVE or UPDATING, as on AWS. */
export const usableStream = (ctx: Ctx, ref: StreamRef): StreamRow => {
  const s = findStream(ctx, ref)
  if (s.status !== 'ACTIVE' && s.status !== 'UPDATING') throw streamNotFound(s.name, ctx.account)
  return s
}

/** A stream a control-plane change may apply to: ACTIVE only. */
export const activeStream = (ctx: Ctx, ref: StreamRef): StreamRow => {
  const s = findStream(ctx, ref)
  if (s.status !== 'ACTIVE') throw streamNotActive(s.name, ctx.account, s.status)
  return s
}

/** AWS's default account shard quota for the region (Kinesis quotas page, 2025). */
export const defaultShardLimit = (region: string): number =>
  ['us-east-1', 'us-west-2', 'eu-west-1'].includes(region) ? 20000 : 1000

export const ON_DEMAND_STREAM_LIMIT = 50

export const shardLimitOf = (ctx: Ctx): number =>
  ctx.config.kinesisShardLimit || defaultShardLimit(ctx.region)

export const openShards = (s: StreamRow): ShardRow[] =>
  s.shards.filter((x) => x.closedAt === undefined).sort((a, b) => (a.start < b.start ? -1 : 1))

export const openShardCount = (ctx: Ctx): number => {
  let n = 0
  for (const s of stateOf(ctx).streamsOf(ctx.account, ctx.region)) n += openShards(s).length
  return n
}

export const checkShardLimit = (ctx: Ctx, adding: number): void => {
  const current = openShardCount(ctx)
  const limit = shardLimitOf(ctx)
  if (current + adding > limit) {
    throw shardLimitExceeded(ctx.account, ctx.region, current, limit, adding)
  }
}

/** Adds `count` new shards covering [start, end] evenly; returns them. */
export const addShards = (
  s: StreamRow,
  count: number,
  now: number,
  start?: bigint,
  end?: bigint,
): ShardRow[] =>
  evenRanges(count, start, end).map(([a, b]) => {
    const shard: ShardRow = { index: s.nextShardIndex++, start: a, end: b, createdMs: now }
    s.shards.push(shard)
    return shard
  })

/**
 * Moves a stream to `status` now and runs `apply` after `delayMs` (at once when 0) on the same
 * stream incarnation, then marks it ACTIVE unless `apply` says otherwise.
 */
export const transition = (
  ctx: Ctx,
  s: StreamRow,
  status: StreamStatus,
  delayMs: number,
  apply: (s: StreamRow) => void | Promise<void> = () => undefined,
): Promise<void> | undefined => {
  const st = stateOf(ctx)
  s.status = status
  st.save(s)
  const finish = async (): Promise<void> => {
    const current = st.findStream(s.account, s.region, s.name)
    if (!current || current.id !== s.id) return
    await apply(current)
    if (current.status === status && status !== 'DELETING') {
      current.status = 'ACTIVE'
      st.save(current)
    }
  }
  if (delayMs === 0) return finish()
  ctx.scheduler.schedule({
    name: `kinesis ${s.name} ${status}`,
    kind: 'kinesis:lifecycle',
    delayMs,
    run: finish,
  })
  return undefined
}

export const shardView = (s: StreamRow, x: ShardRow): Shard => ({
  ShardId: shardIdOf(x.index),
  ...(x.parent !== undefined ? { ParentShardId: shardIdOf(x.parent) } : {}),
  ...(x.adjacentParent !== undefined ? { AdjacentParentShardId: shardIdOf(x.adjacentParent) } : {}),
  HashKeyRange: { StartingHashKey: String(x.start), EndingHashKey: String(x.end) },
  SequenceNumberRange: {
    StartingSequenceNumber: formatSequence(x.index, s.createdMs, 0),
    ...(x.closedAt !== undefined
      ? {
          EndingSequenceNumber: formatSequence(
            x.index,
            s.createdMs,
            Math.max(0, (x.endOffset ?? 1) - 1),
          ),
        }
      : {}),
  },
})

export const modeDetails = (s: StreamRow) => ({ StreamMode: s.mode })

export const enhancedMonitoring = (s: StreamRow) => [{ ShardLevelMetrics: [...s.metrics] }]

/** Closes a shard: records its end offset so readers know where it stops. */
/** Put-path routing tables per stream (records.ts); dropped whenever a shard closes. */
export const routingCache = new WeakMap<StreamRow, unknown>()

/** What resharding needs: the service state and the clock (also available outside requests). */
export type ReshardCtx = Pick<Ctx, 'services' | 'now'>

export const closeShard = async (ctx: ReshardCtx, s: StreamRow, shard: ShardRow): Promise<void> => {
  // Closed first (synchronously), so no put routes to it while its log opens.
  shard.closedAt = ctx.now()
  routingCache.delete(s)
  const st = stateOf(ctx)
  const log = st.openLog(s, shard.index) ?? (await st.log(s, shard.index))
  shard.endOffset = log.nextOffset
}

/** Opens the logs of every open shard, so the put path can route and append synchronously. */
export const openLogsOf = async (ctx: ReshardCtx, s: StreamRow): Promise<void> => {
  const st = stateOf(ctx)
  for (const x of s.shards)
    if (x.closedAt === undefined && !st.openLog(s, x.index)) await st.log(s, x.index)
}
