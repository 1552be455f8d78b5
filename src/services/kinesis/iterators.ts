/**
 * Shard iterators: opaque, tamper-proof (HMAC-SHA256 with a per-data-dir secret, truncated to
 * 16 bytes) and expiring 5 minutes after issue, as AWS's do. Layout before base64url:
 * [u8 version][f64 issuedAt][f64 offset][u32 shard index][f64 stream created ms][stream ARN][mac].
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const ITERATOR_TTL_MS = 300_000

export interface IteratorState {
  issuedAt: number
  offset: number
  shardIndex: number
  streamCreatedMs: number
  streamArn: string
}

const MAC = 16
const FIXED = 1 + 8 + 8 + 4 + 8

const mac = (secret: Buffer, body: Buffer): Buffer =>
  createHmac('sha256', secret).update(body).digest().subarray(0, MAC)

export const encodeIterator = (secret: Buffer, s: IteratorState): string => {
  const arn = Buffer.from(s.streamArn, 'utf8')
  const body = Buffer.allocUnsafe(FIXED + arn.length)
  body.writeUInt8(1, 0)
  body.writeDoubleLE(s.issuedAt, 1)
  body.writeDoubleLE(s.offset, 9)
  body.writeUInt32LE(s.shardIndex, 17)
  body.writeDoubleLE(s.streamCreatedMs, 21)
  arn.copy(body, FIXED)
  return Buffer.concat([body, mac(secret, body)]).toString('base64url')
}

/** The iterator's state, or undefined when it is malformed or was not issued with `secret`. */
export const decodeIterator = (secret: Buffer, token: string): IteratorState | undefined => {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined
  const raw = Buffer.from(token, 'base64url')
  if (raw.length < FIXED + MAC + 1 || raw.readUInt8(0) !== 1) return undefined
  const body = raw.subarray(0, raw.length - MAC)
  if (!timingSafeEqual(mac(secret, body), raw.subarray(raw.length - MAC))) return undefined
  return {
    issuedAt: body.readDoubleLE(1),
    offset: body.readDoubleLE(9),
    shardIndex: body.readUInt32LE(17),
    streamCreatedMs: body.readDoubleLE(21),
    streamArn: body.toString('utf8', FIXED),
  }
}
