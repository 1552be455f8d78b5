/**
 * 56-digit sequence numbers: `49` + shard index (10 digits) + stream creation ms (14 digits)
 * + offset within the shard (20 digits) + sub-sequence (10 digits, always 0). Ordered within a
 * shard, and they carry enough to tell which shard and which stream incarnation they came from.
 */
export interface ParsedSequence {
  shardIndex: number
  streamCreatedMs: number
  offset: number
}

const SEQ = /^49(\d{10})(\d{14})(\d{20})(\d{10})$/

/** The part of a shard's sequence numbers that never changes. */
export const sequencePrefix = (shardIndex: number, streamCreatedMs: number): string =>
  `49${String(shardIndex).padStart(10, '0')}${String(streamCreatedMs).padStart(14, '0')}`

const ZEROS = '00000000000000000000'

export const sequenceAt = (prefix: string, offset: number): string => {
  const o = String(offset)
  return `${prefix}${ZEROS.slice(o.length)}${o}0000000000`
}

export const formatSequence = (
  shardIndex: number,
  streamCreatedMs: number,
  offset: number,
): string => sequenceAt(sequencePrefix(shardIndex, streamCreatedMs), offset)

export const parseSequence = (seq: string): ParsedSequence | undefined => {
  const m = SEQ.exec(seq)
  if (!m) return undefined
  const offset = Number(m[3])
  if (!Number.isSafeInteger(offset)) return undefined
  return { shardIndex: Number(m[1]), streamCreatedMs: Number(m[2]), offset }
}

export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`

/** Index of a well-formed shard id (`shardId-000000000007` → 7), else undefined. */
export const shardIndexOf = (shardId: string): number | undefined => {
  const m = /^shardId-(\d{12})$/.exec(shardId)
  if (!m) return undefined
  const n = Number(m[1])
  return n <= 2147483647 ? n : undefined
}
