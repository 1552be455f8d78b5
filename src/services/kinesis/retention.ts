/**
 * Background upkeep: whole-segment retention of every shard log, removal of closed shards whose
 * records have all expired, and recovery of lifecycle transitions interrupted by a restart.
 */
import type { KinesisState } from './store.js'

export const RETENTION_SWEEP_MS = 60_000

export const sweepRetention = async (st: KinesisState, now: number): Promise<void> => {
  const seen = new Set<string>()
  for (const key of st.allStreams()) {
    if (seen.has(key.id)) continue
    seen.add(key.id)
    const minArrival = now - key.retentionHours * 3600_000
    let changed = false
    for (const shard of [...key.shards]) {
      const log = await st.log(key, shard.index)
      await log.dropBefore(minArrival)
      if (
        shard.closedAt !== undefined &&
        shard.closedAt < minArrival &&
        log.lastArrival < minArrival
      ) {
        key.shards = key.shards.filter((x) => x !== shard)
        await st.dropLog(key, shard.index)
        changed = true
      }
    }
    if (changed) st.save(key)
  }
}

/** Transitions cut short by a restart complete now: the delays are only ever cosmetic. */
export const recoverLifecycle = async (st: KinesisState): Promise<void> => {
  for (const s of st.allStreams()) {
    if (s.status === 'DELETING') await st.remove(s)
    else if (s.status !== 'ACTIVE') {
      s.status = 'ACTIVE'
      st.save(s)
    }
  }
}
