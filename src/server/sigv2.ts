/**
 * AWS Signature Version 2 as S3 accepts it: `Authorization: AWS <key>:<signature>` and presigned
 * query strings (`AWSAccessKeyId`, `Expires`, `Signature`). Debian's boto3 (botocore 1.29) still
 * presigns URLs and POST forms this way unless told `signature_version='s3v4'`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
 */
import { createHmac } from 'node:crypto'
import type { WireRequest } from '../protocols/protocol.js'
import { decodeUriOrKeep } from '../protocols/uri.js'
import { authError, MAX_SKEW_MS, parseHttpDate } from './sigv4.js'

export interface SigV2Info {
  accessKeyId: string
  signature: string
  /** Presigned: when the URL stops working (ms since epoch), from `Expires` (seconds). */
  expiresAt?: number
  /** Header-signed: the request time, from `x-amz-date` or `Date`. */
  date?: Date
  sessionToken?: string
}

/** The query parameters that are part of the resource signed (botocore's QSAOfInterest). */
const SUB_RESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'defaultObjectAcl',
  'delete',
  'inventory',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'partNumber',
  'policy',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'select',
  'select-type',
  'storageClass',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
])

/** Query pairs as sent: names raw, values percent-decoded (`+` kept, as S3 and botocore do). */
const queryPairs = (rawQuery: string): Array<[string, string | undefined]> =>
  rawQuery === ''
    ? []
    : rawQuery.split('&').map((pair) => {
        const eq = pair.indexOf('=')
        return eq < 0 ? [pair, undefined] : [pair.slice(0, eq), decodeUriOrKeep(pair.slice(eq + 1))]
      })

/**
 * The Signature Version 2 credentials a request carries, undefined when it carries none (the
 * caller goes on to Signature Version 4). Only S3 calls this: its requests are the ones that
 * may be signed so. Throws S3's error for a malformed header or incomplete query.
 */
export const parseSigV2 = (req: WireRequest): SigV2Info | undefined => {
  const header = req.headers.authorization
  if (header !== undefined) {
    if (!header.startsWith('AWS ')) return undefined
    const colon = header.lastIndexOf(':')
    const accessKeyId = header.slice(4, colon).trim()
    const signature = header.slice(colon + 1).trim()
    if (colon < 0 || !accessKeyId || !signature) throw authError('s3', { kind: 'v2Header' })
    const text = req.headers['x-amz-date'] ?? req.headers.date
    const date = text === undefined ? undefined : parseHttpDate(text)
    if (!date) throw authError('s3', { kind: 'date', value: text ?? '' })
    const sessionToken = req.headers['x-amz-security-token']
    return { accessKeyId, signature, date, ...(sessionToken ? { sessionToken } : {}) }
  }
  if (!req.rawQuery.includes('AWSAccessKeyId=')) return undefined
  const q = new Map(queryPairs(req.rawQuery))
  const accessKeyId = q.get('AWSAccessKeyId')
  const signature = q.get('Signature')
  const expires = Number(q.get('Expires'))
  if (!accessKeyId || !signature || !Number.isInteger(expires))
    throw authError('s3', { kind: 'v2Query' })
  const sessionToken = q.get('x-amz-security-token') ?? req.headers['x-amz-security-token']
  return {
    accessKeyId,
    signature,
    expiresAt: expires * 1000,
    ...(sessionToken ? { sessionToken } : {}),
  }
}

/** Throws S3's error for an expired URL or a request time too far from `now`. */
export const checkSigV2Time = (info: SigV2Info, now: number): void => {
  if (info.expiresAt !== undefined) {
    if (now > info.expiresAt)
      throw authError('s3', { kind: 'v2Expired', expiresAt: info.expiresAt, now })
    return
  }
  const t = info.date!.getTime()
  const longDate = info.date!.toUTCString()
  if (now - t > MAX_SKEW_MS) throw authError('s3', { kind: 'skewPast', longDate, now })
  if (t - now > MAX_SKEW_MS) throw authError('s3', { kind: 'skewFuture', longDate, now })
}

/**
 * What the client signed: method, Content-MD5, Content-Type, the date (a presigned URL's
 * `Expires`; empty when `x-amz-date` carries it), the `x-amz-*` headers (a presigned URL carries
 * them as query parameters) and the resource: the path-style path as sent (`bucket` is the one a
 * virtual-hosted request names in its host) plus sub-resources.
 * For a bucket alone two strings, the canonical `/bucket/` first, then `/bucket` (the
 * documentation's literal reading, which some signers follow).
 */
export const stringsToSignV2 = (
  req: WireRequest,
  info: SigV2Info,
  bucket: string | undefined,
): string[] => {
  const pairs = queryPairs(req.rawQuery)
  const presigned = info.expiresAt !== undefined
  const fromQuery = presigned ? new Map(pairs) : undefined
  const standard = (name: string): string =>
    (req.headers[name] ?? fromQuery?.get(name) ?? '').trim()
  const date = presigned
    ? String(info.expiresAt! / 1000)
    : req.headers['x-amz-date'] !== undefined
      ? ''
      : standard('date')
  const amz = new Map<string, string>()
  for (const [name, value] of Object.entries(req.headers))
    if (name.startsWith('x-amz-') && value !== undefined) amz.set(name, value.trim())
  if (presigned)
    for (const [name, value] of pairs) {
      const lower = name.toLowerCase()
      if (lower.startsWith('x-amz-') && value !== undefined) amz.set(lower, value.trim())
    }
  let amzLines = ''
  for (const name of [...amz.keys()].sort()) amzLines += `${name}:${amz.get(name)}\n`
  const path = bucket === undefined ? req.path || '/' : `/${bucket}${req.path || '/'}`
  const subs = pairs
    .filter(([name]) => SUB_RESOURCES.has(name))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const query =
    subs.length > 0 ? `?${subs.map(([n, v]) => (v === undefined ? n : `${n}=${v}`)).join('&')}` : ''
  const head = `${req.method.toUpperCase()}\n${standard('content-md5')}\n${standard('content-type')}\n${date}\n${amzLines}`
  // A bucket alone is `/bucket/` (what botocore signs, and S3 verifies), or `/bucket`.
  if (/^\/[^/]+\/?$/.test(path)) {
    const bare = path.endsWith('/') ? path.slice(0, -1) : path
    return [`${head}${bare}/${query}`, `${head}${bare}${query}`]
  }
  return [`${head}${path}${query}`]
}

/** Base64 HMAC-SHA1: a Signature Version 2 signature (requests and POST policies). */
export const signV2 = (secretAccessKey: string, text: string): string =>
  createHmac('sha1', secretAccessKey).update(text, 'utf8').digest('base64')
