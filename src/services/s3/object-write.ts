/** Shared steps of the operations that create object versions (Put, Copy, CompleteMultipartUpload). */
import { randomBytes } from 'node:crypto'
import type { BlobSegment } from '../../storage/blobs.js'
import type { Ctx } from '../types.js'
import { storedContentEncoding } from './aws-chunked.js'
import { noSuchKey, preconditionFailed } from './errors.js'
import { publishCreated } from './events.js'
import { etagMatches } from './object-view.js'
import type { S3State } from './state.js'
import type { BucketRow, NewVersion, ObjectRow } from './store.js'

/** S3 version ids are opaque 32-char URL-safe strings. */
export const newVersionId = (): string => randomBytes(24).toString('base64url')

export const versionIdFor = (bucket: BucketRow): string =>
  bucket.versioning === 'Enabled' ? newVersionId() : 'null'

export interface HeaderInput {
  ContentType?: string
  ContentEncoding?: string
  ContentDisposition?: string
  ContentLanguage?: string
  CacheControl?: string
  Expires?: Date
  WebsiteRedirectLocation?: string
}

/** Representation headers kept with an object (aws-chunked is framing, not an encoding). */
export const storedHeaders = (input: HeaderInput): Record<string, string> => {
  const out: Record<string, string> = {}
  const enc = storedContentEncoding(input.ContentEncoding)
  if (input.ContentType !== undefined) out.ContentType = input.ContentType
  if (enc !== undefined) out.ContentEncoding = enc
  if (input.ContentDisposition !== undefined) out.ContentDisposition = input.ContentDisposition
  if (input.ContentLanguage !== undefined) out.ContentLanguage = input.ContentLanguage
  if (input.CacheControl !== undefined) out.CacheControl = input.CacheControl
  if (input.Expires instanceof Date && !Number.isNaN(input.Expires.getTime()))
    out.Expires = input.Expires.toISOString()
  if (input.WebsiteRedirectLocation !== undefined)
    out.WebsiteRedirectLocation = input.WebsiteRedirectLocation
  return out
}

/** `x-amz-tagging: k1=v1&k2=v2` */
export const parseTaggingHeader = (
  header: string | undefined,
): Record<string, string> | undefined => {
  if (header === undefined || header === '') return undefined
  const tags: Record<string, string> = {}
  for (const [k, v] of new URLSearchParams(header)) tags[k] = v
  return tags
}

/** Conditional writes: If-None-Match: * (create only) and If-Match (replace a known ETag). */
export const checkWriteConditions = (
  key: string,
  current: ObjectRow | undefined,
  ifMatch: string | undefined,
  ifNoneMatch: string | undefined,
): void => {
  const live = current && !current.isDeleteMarker ? current : undefined
  if (ifNoneMatch !== undefined && live && etagMatches(ifNoneMatch, live.etag))
    throw preconditionFailed('If-None-Match')
  if (ifMatch !== undefined) {
    if (!live) throw noSuchKey(key)
    if (!etagMatches(ifMatch, live.etag)) throw preconditionFailed('If-Match')
  }
}

/** A new latest version to commit: its fields, the event announcing it and its preconditions. */
export interface VersionWrite {
  bucket: BucketRow
  v: Pick<NewVersion, 'key' | 'size' | 'etag' | 'blobs' | 'inline' | 'meta'>
  eventName: string
  ifNoneMatch?: string | undefined
  ifMatch?: string | undefined
}

/** Inside a transaction: re-checks the preconditions and stores the key's new latest version. */
const storeVersion = (
  s3: S3State,
  ctx: Ctx,
  { bucket, v, ifNoneMatch, ifMatch }: VersionWrite,
): { row: ObjectRow; freed: BlobSegment[] } => {
  // Re-checked inside the transaction: another writer may have won since the body streamed.
  if (ifNoneMatch !== undefined || ifMatch !== undefined)
    checkWriteConditions(v.key, s3.store.getObject(bucket.name, v.key), ifMatch, ifNoneMatch)
  return s3.store.putVersion({
    bucket: bucket.name,
    key: v.key,
    versionId: versionIdFor(bucket),
    isDeleteMarker: false,
    size: v.size,
    etag: v.etag,
    lastModified: ctx.now(),
    blobs: v.blobs,
    ...(v.inline ? { inline: v.inline } : {}),
    meta: v.meta,
  })
}

/** After the commit: frees the blobs the new version replaced and announces it. */
const settleVersion = (
  s3: S3State,
  { bucket, v, eventName }: VersionWrite,
  { row, freed }: { row: ObjectRow; freed: BlobSegment[] },
): ObjectRow => {
  s3.release(freed.map((b) => b.id).filter((id) => !v.blobs.some((n) => n.id === id)))
  publishCreated(s3, {
    bucket: bucket.name,
    key: v.key,
    size: v.size,
    etag: v.etag,
    ...(bucket.versioning ? { versionId: row.versionId } : {}),
    eventName,
    time: row.lastModified,
  })
  return row
}

/**
 * Stores a new latest version, frees what it replaced and announces it; synchronous, for callers
 * that commit it together with their own changes (CompleteMultipartUpload).
 */
export const commitObject = (s3: S3State, ctx: Ctx, w: VersionWrite): ObjectRow =>
  settleVersion(
    s3,
    w,
    s3.store.transaction(() => storeVersion(s3, ctx, w)),
  )

/**
 * commitObject in a transaction shared with the other writes of this event-loop turn (Put and
 * Copy): concurrent small PUTs pay one BEGIN/COMMIT between them. Resolves once committed.
 */
export const commitObjectGrouped = async (
  s3: S3State,
  ctx: Ctx,
  w: VersionWrite,
): Promise<ObjectRow> =>
  settleVersion(s3, w, await s3.store.groupTransaction(() => storeVersion(s3, ctx, w)))
