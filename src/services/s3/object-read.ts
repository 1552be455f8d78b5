/**
 * Finding the object version a GET/HEAD/Copy names, with S3's delete-marker answers, and what
 * GET and HEAD both answer about it.
 */
import type { Ctx } from '../types.js'
import {
  invalidPartNumber,
  methodNotAllowedOnDeleteMarker,
  noSuchKey,
  noSuchVersion,
} from './errors.js'
import { bucketFor } from './names.js'
import { type Conditions, checkConditions, objectHeaders, parseRange } from './object-view.js'
import { s3Of } from './state.js'
import type { BucketRow, ObjectRow } from './store.js'

export const findObject = (
  ctx: Ctx,
  bucketName: string,
  key: string,
  versionId: string | undefined,
): { bucket: BucketRow; row: ObjectRow } => {
  const bucket = bucketFor(ctx, bucketName)
  const row = s3Of(ctx).store.getObject(bucket.name, key, versionId)
  if (!row) throw versionId !== undefined ? noSuchVersion(key, versionId) : noSuchKey(key)
  if (row.isDeleteMarker) {
    const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.versionId }
    // A delete marker named by version is a 405; the latest being one reads as a missing key.
    if (versionId !== undefined) throw methodNotAllowedOnDeleteMarker(headers)
    const err = noSuchKey(key)
    Object.assign(err.headers, headers)
    throw err
  }
  return { bucket, row }
}

/** `partNumber=N`: the byte window of part N (a non-multipart object has one part). */
export const partRange = (row: ObjectRow, partNumber: number): { start: number; end: number } => {
  const parts = row.meta.parts ?? [row.size]
  if (partNumber > parts.length) throw invalidPartNumber()
  const start = parts.slice(0, partNumber - 1).reduce((a, b) => a + b, 0)
  return { start, end: start + parts[partNumber - 1]! - 1 }
}

/** What GetObject and HeadObject both ask of an object. */
export interface ObjectViewRequest extends Conditions {
  Bucket: string
  Key: string
  VersionId?: string
  ChecksumMode?: string
  PartNumber?: number
  Range?: string
  ResponseContentType?: string
}

/**
 * GET and HEAD answer the same: the object after its conditions hold, its headers, and the byte
 * window asked for (Range or partNumber) with Content-Range and Content-Length set.
 */
export const viewObject = (
  ctx: Ctx,
  input: ObjectViewRequest,
): {
  row: ObjectRow
  out: Record<string, unknown>
  range: { start: number; end: number } | undefined
} => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  checkConditions(input, row)
  const out = objectHeaders(row, bucket, input.ChecksumMode === 'ENABLED')
  const range =
    input.PartNumber !== undefined
      ? partRange(row, input.PartNumber)
      : parseRange(input.Range, row.size)
  if (range) {
    out.ContentRange = `bytes ${range.start}-${range.end}/${row.size}`
    out.ContentLength = range.end - range.start + 1
  }
  if (input.ResponseContentType !== undefined) out.ContentType = input.ResponseContentType
  return { row, out, range }
}
