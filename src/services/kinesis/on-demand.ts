/**
 * On-demand capacity: streams start with 4 shards (4 MiB/s, 4,000 records/s of writes) and grow
 * with sustained write throughput. The rule, checked every ON_DEMAND_CHECK_MS: when a stream's
 * average write rate over the window used more than half of its open shards' capacity (1 MiB/s
 * or 1,000 records/s each, whichever is hit harder), its shard count doubles (uniform ranges,
 * lineage kept), within the account's shard limit. This mirrors AWS's documented behaviour of
 * keeping room for double the observed peak; like AWS, it never scales down on its own.
 */
import type { MillraceConfig } from '../../server/config.js'
import { rescale } from './resharding.js'
import type { KinesisState } from './store.js'
import { defaultShardLimit, openShards, type ReshardCtx } from './streams.js'

export const ON_DEMAND_CHECK_MS = 60_000

interface Usage {
  since: number
  bytes: number
  records: number
}

const usage = new Map<string, Usage>()

/** Counts accepted writes of on-demand streams (cheap: one map lookup per request). */
export const countWrites = (
  streamId: string,
  records: number,
  bytes: number,
  now: number,
): void => {
  let u = usage.get(streamId)
  if (!u) {
    u = { since: now, bytes: 0, records: 0 }
    usage.set(streamId, u)
  }
  u.records += records
  u.bytes += bytes
}

/** Applies the scaling rule to every on-demand stream and starts a new window. */
export const scaleOnDemand = async (
  st: KinesisState,
  ctx: ReshardCtx,
  config: Pick<MillraceConfig, 'kinesisShardLimit'>,
): Promise<void> => {
  const now = ctx.now()
  for (const s of st.allStreams()) {
    const u = usage.get(s.id)
    usage.delete(s.id)
    if (!u || s.mode !== 'ON_DEMAND' || s.status !== 'ACTIVE') continue
    const seconds = Math.max(1, (now - u.since) / 1000)
    const open = openShards(s).length
    const load = Math.max(u.bytes / seconds / (1024 * 1024), u.records / seconds / 1000)
    if (load <= open / 2) continue
    const limit = config.kinesisShardLimit || defaultShardLimit(s.region)
    let used = 0
    for (const x of st.streamsOf(s.account, s.region)) used += openShards(x).length
    const target = Math.min(open * 2, open + limit - used)
    if (target <= open) continue
    await rescale(ctx, s, target)
    st.save(s)
  }
}
