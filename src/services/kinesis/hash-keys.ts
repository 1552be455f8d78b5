/** Partition key → 128-bit hash key (MD5, as Kinesis does) and shard hash-key ranges. */
import { hash } from 'node:crypto'

export const MAX_HASH_KEY = (1n << 128n) - 1n

// Producers reuse partition keys (user ids, device ids): a bounded cache skips most MD5s.
const CACHE_LIMIT = 65536
const cache = new Map<string, bigint>()

/** MD5 of the UTF-8 partition key read as an unsigned big-endian 128-bit integer. */
export const hashKeyOf = (partitionKey: string): bigint => {
  let v = cache.get(partitionKey)
  if (v !== undefined) return v
  // One-shot crypto.hash avoids a Hash object per record.
  const d = hash('md5', partitionKey, 'buffer')
  v = (d.readBigUInt64BE(0) << 64n) | d.readBigUInt64BE(8)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(partitionKey, v)
  return v
}

/** A decimal hash key, or undefined when not in [0, 2^128 - 1]. */
export const parseHashKey = (text: string): bigint | undefined => {
  if (!/^\d{1,39}$/.test(text)) return undefined
  const v = BigInt(text)
  return v <= MAX_HASH_KEY ? v : undefined
}

/** `count` contiguous ranges splitting the whole key space evenly, as CreateStream does. */
export const evenRanges = (count: number, start = 0n, end = MAX_HASH_KEY): [bigint, bigint][] => {
  const span = end - start + 1n
  const step = span / BigInt(count)
  const out: [bigint, bigint][] = []
  for (let i = 0; i < count; i++) {
    const s = start + step * BigInt(i)
    const e = i === count - 1 ? end : start + step * BigInt(i + 1) - 1n
    out.push([s, e])
  }
  return out
}
