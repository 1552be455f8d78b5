/** Shard lineage changes: split, merge and uniform re-scaling. Parents close; children open. */
import type { ShardRow, StreamRow } from './store.js'
import { addShards, closeShard, openLogsOf, openShards, type ReshardCtx } from './streams.js'

export const splitShard = async (
  ctx: ReshardCtx,
  s: StreamRow,
  parent: ShardRow,
  at: bigint,
): Promise<void> => {
  const now = ctx.now()
  await closeShard(ctx, s, parent)
  const [a, b] = [
    {
      index: s.nextShardIndex++,
      parent: parent.index,
      start: parent.start,
      end: at - 1n,
      createdMs: now,
    },
    { index: s.nextShardIndex++, parent: parent.index, start: at, end: parent.end, createdMs: now },
  ]
  s.shards.push(a, b)
  await openLogsOf(ctx, s)
}

export const mergeShards = async (
  ctx: ReshardCtx,
  s: StreamRow,
  x: ShardRow,
  y: ShardRow,
): Promise<void> => {
  const now = ctx.now()
  await closeShard(ctx, s, x)
  await closeShard(ctx, s, y)
  // Adjacent: the lower shard gives the start, the upper the end.
  const [lo, hi] = x.start < y.start ? [x, y] : [y, x]
  s.shards.push({
    index: s.nextShardIndex++,
    parent: x.index,
    adjacentParent: y.index,
    start: lo.start,
    end: hi.end,
    createdMs: now,
  })
  await openLogsOf(ctx, s)
}

/**
 * UNIFORM_SCALING: the open shards are replaced by `target` shards of equal ranges. Each new
 * shard's parent is the old shard holding its starting hash key, its adjacent parent the old
 * shard holding its ending key when that differs (AWS reaches the same shape by splits/merges).
 */
export const rescale = async (ctx: ReshardCtx, s: StreamRow, target: number): Promise<void> => {
  const old = openShards(s)
  for (const x of old) await closeShard(ctx, s, x)
  const holder = (k: bigint): ShardRow => old.find((x) => x.start <= k && k <= x.end)!
  for (const shard of addShards(s, target, ctx.now())) {
    const p = holder(shard.start)
    const q = holder(shard.end)
    shard.parent = p.index
    if (q !== p) shard.adjacentParent = q.index
  }
  await openLogsOf(ctx, s)
}
