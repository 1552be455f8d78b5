// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
// Not supported: SSE-C (accepted, ignored), torrent.
import type { GetObjectOutput, GetObjectRequest } from '../../gen/s3.js'
import type { Ctx, Handler } from '../types.js'
import { invalidPartNumber } from './errors.js'
import { findObject } from './object-read.js'
import { checkConditions, objectHeaders, parseRange } from './object-view.js'
import { s3Of } from './state.js'
import type { ObjectRow } from './store.js'

/** `partNumber=N`: the byte window of part N (a non-multipart object has one part). */
export const partRange = (row: ObjectRow, partNumber: number): { start: number; end: number } => {
  const parts = row.meta.parts ?? [row.size]
  if (partNumber > parts.length) throw invalidPartNumber()
  const start = parts.slice(0, partNumber - 1).reduce((a, b) => a + b, 0)
  return { start, end: start + parts[partNumber - 1]! - 1 }
}

const SMALL_BODY = 64 * 1024

const getOnce = async (input: GetObjectRequest, ctx: Ctx): Promise<GetObjectOutput> => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  checkConditions(input, row)
  const out = objectHeaders(row, bucket, input.ChecksumMode === 'ENABLED') as GetObjectOutput
  const range =
    input.PartNumber !== undefined
      ? partRange(row, input.PartNumber)
      : parseRange(input.Range, row.size)
  if (range) {
    out.ContentRange = `bytes ${range.start}-${range.end}/${row.size}`
    out.ContentLength = range.end - range.start + 1
    // A part or range has no whole-object checksum to offer.
    if (!(input.PartNumber === 1 && !row.meta.parts)) {
      delete out.ChecksumCRC32
      delete out.ChecksumCRC32C
      delete out.ChecksumCRC64NVME
      delete out.ChecksumSHA1
      delete out.ChecksumSHA256
      delete out.ChecksumType
    }
  }
  if (input.ResponseContentType !== undefined) out.ContentType = input.ResponseContentType
  if (input.ResponseContentDisposition !== undefined)
    out.ContentDisposition = input.ResponseContentDisposition
  if (input.ResponseContentEncoding !== undefined)
    out.ContentEncoding = input.ResponseContentEncoding
  if (input.ResponseContentLanguage !== undefined)
    out.ContentLanguage = input.ResponseContentLanguage
  if (input.ResponseCacheControl !== undefined) out.CacheControl = input.ResponseCacheControl
  if (input.ResponseExpires !== undefined) out.Expires = input.ResponseExpires
  const start = range?.start ?? 0
  const end = range?.end ?? row.size - 1
  const blobs = s3Of(ctx).blobs
  // Small single-file bodies go out as one buffer: no stream machinery per request.
  out.Body = (
    row.blobs.length === 1 && end - start < SMALL_BODY
      ? await blobs.readSmall(row.blobs[0]!, start, end)
      : await blobs.open(row.blobs, start, end)
  ) as GetObjectOutput['Body']
  return out
}

const isMissingFile = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === 'ENOENT'

export const GetObject: Handler<GetObjectRequest, GetObjectOutput> = async (input, ctx) => {
  try {
    return await getOnce(input, ctx)
  } catch (e) {
    // An overwrite committed between reading the row and opening its file (which it then
    // removed): the key now names the new version, so answer from that.
    if (!isMissingFile(e)) throw e
    return getOnce(input, ctx)
  }
}
