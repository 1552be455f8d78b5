/** Pagination tokens: signed (so they cannot be forged) and expiring after 5 minutes, as AWS's. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { expiredNextToken, invalidNextToken } from './errors.js'

const TTL_MS = 300_000

const sign = (secret: Buffer, body: string): string =>
  createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22)

export const encodeToken = (secret: Buffer, now: number, data: Record<string, unknown>): string => {
  const body = Buffer.from(JSON.stringify({ ...data, t: now })).toString('base64url')
  return `${body}.${sign(secret, body)}`
}

export const decodeToken = <T extends Record<string, unknown>>(
  secret: Buffer,
  now: number,
  token: string,
): T => {
  const [body, mac] = token.split('.')
  if (!body || !mac) throw invalidNextToken()
  const want = sign(secret, body)
  if (want.length !== mac.length || !timingSafeEqual(Buffer.from(want), Buffer.from(mac))) {
    throw invalidNextToken()
  }
  const data = JSON.parse(Buffer.from(body, 'base64url').toString()) as T & { t: number }
  if (now - data.t > TTL_MS) throw expiredNextToken()
  return data
}
