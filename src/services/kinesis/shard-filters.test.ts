import assert from 'node:assert/strict'
import { test } from 'node:test'
import { filterShards } from './shard-filters.js'
import type { ShardRow } from './store.js'

const H = 3_600_000
const MAX = (1n << 128n) - 1n
const half = MAX / 2n

// Shard 0 created at 0, split at 10 h into 1 and 2; shard 1 split again at 30 h into 3 and 4.
const shards: ShardRow[] = [
  { index: 0, start: 0n, end: MAX, createdMs: 0, closedAt: 10 * H, endOffset: 5 },
  { index: 1, parent: 0, start: 0n, end: half, createdMs: 10 * H, closedAt: 30 * H, endOffset: 3 },
  { index: 2, parent: 0, start: half + 1n, end: MAX, createdMs: 10 * H },
  { index: 3, parent: 1, start: 0n, end: half / 2n, createdMs: 30 * H },
  { index: 4, parent: 1, start: half / 2n + 1n, end: half, createdMs: 30 * H },
]
const ids = (xs: ShardRow[]) => xs.map((x) => x.index)

test('AT_TRIM_HORIZON: the shards open at now − retention', () => {
  // Retention reaches back to 20 h: shard 0 (closed at 10 h) holds nothing retained any more.
  assert.deepEqual(ids(filterShards(shards, { Type: 'AT_TRIM_HORIZON' }, 20 * H)), [1, 2])
  // Back to 35 h: after the second split.
  assert.deepEqual(ids(filterShards(shards, { Type: 'AT_TRIM_HORIZON' }, 35 * H)), [2, 3, 4])
})

test('AT_TRIM_HORIZON on a stream younger than its retention: its first shards', () => {
  assert.deepEqual(ids(filterShards(shards, { Type: 'AT_TRIM_HORIZON' }, -24 * H)), [0])
})

test('AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP, AFTER_SHARD_ID', () => {
  assert.deepEqual(ids(filterShards(shards, { Type: 'AT_LATEST' }, 0)), [2, 3, 4])
  const at = new Date(15 * H)
  assert.deepEqual(ids(filterShards(shards, { Type: 'AT_TIMESTAMP', Timestamp: at }, 0)), [1, 2])
  assert.deepEqual(
    ids(filterShards(shards, { Type: 'FROM_TIMESTAMP', Timestamp: at }, 0)),
    [1, 2, 3, 4],
  )
  assert.deepEqual(
    ids(filterShards(shards, { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000002' }, 0)),
    [3, 4],
  )
  assert.throws(() => filterShards(shards, { Type: 'AFTER_SHARD_ID' }, 0), /ShardId must be/)
})
