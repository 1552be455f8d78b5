/**
 * What GET/HEAD answer about a stored object: conditional requests, byte ranges and the
 * response headers (metadata, checksums, overrides).
 */
import { CHECKSUM_ALGORITHMS, memberOf } from './checksums.js'
import { invalidRange, notModified, preconditionFailed } from './errors.js'
import type { BucketRow, ObjectMeta, ObjectRow } from './store.js'

export interface Conditions {
  IfMatch?: string
  IfNoneMatch?: string
  IfModifiedSince?: Date
  IfUnmodifiedSince?: Date
}

const unquote = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '')

export const etagMatches = (header: string, etag: string): boolean =>
  header.split(',').some((t) => t.trim() === '*' || unquote(t) === etag)

/** Seconds resolution, as HTTP dates have. */
const secondsOf = (ms: number): number => Math.floor(ms / 1000)

/** RFC 7232 evaluation order as S3 applies it (If-Match wins over If-Unmodified-Since, etc.). */
export const checkConditions = (c: Conditions, row: ObjectRow, prefix = ''): void => {
  const modified = secondsOf(row.lastModified)
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, row.etag)) throw preconditionFailed(`${prefix}If-Match`)
  } else if (c.IfUnmodifiedSince && modified > secondsOf(c.IfUnmodifiedSince.getTime())) {
    throw preconditionFailed(`${prefix}If-Unmodified-Since`)
  }
  const headers = {
    etag: `"${row.etag}"`,
    'last-modified': new Date(row.lastModified).toUTCString(),
  }
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, row.etag)) {
      if (prefix) throw preconditionFailed(`${prefix}If-None-Match`)
      throw notModified(headers)
    }
  } else if (c.IfModifiedSince && modified <= secondsOf(c.IfModifiedSince.getTime())) {
    if (prefix) throw preconditionFailed(`${prefix}If-Modified-Since`)
    throw notModified(headers)
  }
}

/**
 * `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive [start, end]; undefined when the header is
 * absent or not a single byte range (S3 then serves the whole object).
 */
export const parseRange = (
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined => {
  if (header === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0 || size === 0) throw invalidRange(header, size)
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (m[2] !== '' && Number(m[2]) < start) return undefined
  if (start >= size) throw invalidRange(header, size)
  return { start, end }
}

export const isVersioned = (bucket: BucketRow): boolean => bucket.versioning !== undefined

/** Headers common to GET and HEAD of an object. */
export const objectHeaders = (
  row: ObjectRow,
  bucket: BucketRow,
  withChecksums: boolean,
): Record<string, unknown> => {
  const m: ObjectMeta = row.meta
  const out: Record<string, unknown> = {
    AcceptRanges: 'bytes',
    LastModified: new Date(row.lastModified),
    ContentLength: row.size,
    ETag: `"${row.etag}"`,
    ContentType: m.headers.ContentType ?? 'binary/octet-stream',
    Metadata: m.userMetadata,
  }
  for (const h of [
    'CacheControl',
    'ContentDisposition',
    'ContentEncoding',
    'ContentLanguage',
    'WebsiteRedirectLocation',
  ])
    if (m.headers[h] !== undefined) out[h] = m.headers[h]
  if (m.headers.Expires !== undefined) out.Expires = new Date(m.headers.Expires)
  if (m.storageClass && m.storageClass !== 'STANDARD') out.StorageClass = m.storageClass
  if (isVersioned(bucket)) out.VersionId = row.versionId
  if (m.parts) out.PartsCount = m.parts.length
  if (m.tags && Object.keys(m.tags).length > 0) out.TagCount = Object.keys(m.tags).length
  if (withChecksums) {
    for (const alg of CHECKSUM_ALGORITHMS) {
      const v = m.checksums[alg]
      if (v !== undefined) out[memberOf(alg)] = v
    }
    if (Object.keys(m.checksums).length > 0) out.ChecksumType = m.checksumType ?? 'FULL_OBJECT'
  }
  return out
}
