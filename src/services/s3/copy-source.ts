/** `x-amz-copy-source: <bucket>/<key>[?versionId=<id>]` (URL-encoded), its conditions and ranges. */
import type { Readable } from 'node:stream'
import type { Ctx } from '../types.js'
import { readBody } from './bodies.js'
import { invalidArgument, invalidRange } from './errors.js'
import { findObject } from './object-read.js'
import { checkConditions } from './object-view.js'
import { s3Of } from './state.js'
import type { BucketRow, ObjectRow } from './store.js'

export interface CopySourceInput {
  CopySource: string
  CopySourceIfMatch?: string
  CopySourceIfNoneMatch?: string
  CopySourceIfModifiedSince?: Date
  CopySourceIfUnmodifiedSince?: Date
}

export const parseCopySource = (
  raw: string,
): { bucket: string; key: string; versionId?: string } => {
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  const versionId =
    q === -1 ? undefined : (new URLSearchParams(raw.slice(q + 1)).get('versionId') ?? undefined)
  let decoded: string
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''))
  } catch {
    decoded = ''
  }
  const slash = decoded.indexOf('/')
  if (slash <= 0 || slash === decoded.length - 1)
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', raw)
  return {
    bucket: decoded.slice(0, slash),
    key: decoded.slice(slash + 1),
    ...(versionId !== undefined ? { versionId } : {}),
  }
}

export const copySourceOf = (
  ctx: Ctx,
  input: CopySourceInput,
): { bucket: BucketRow; row: ObjectRow } => {
  const src = parseCopySource(input.CopySource)
  const found = findObject(ctx, src.bucket, src.key, src.versionId)
  checkConditions(
    {
      IfMatch: input.CopySourceIfMatch,
      IfNoneMatch: input.CopySourceIfNoneMatch,
      IfModifiedSince: input.CopySourceIfModifiedSince,
      IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
    },
    found.row,
    'x-amz-copy-source-',
  )
  return found
}

/** `bytes=a-b` of UploadPartCopy: both ends required and inside the object. */
export const parseCopyRange = (
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined => {
  if (header === undefined) return undefined
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim())
  if (!m)
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    )
  const start = Number(m[1])
  const end = Number(m[2])
  if (start > end || end >= size) throw invalidRange(header, size)
  return { start, end }
}

/** The source's bytes (or a range of them); call in the same tick as copySourceOf (see readBody). */
export const openSource = (
  ctx: Ctx,
  row: ObjectRow,
  range?: { start: number; end: number },
): Promise<Readable | Buffer> => readBody(s3Of(ctx), row, range?.start, range?.end)
