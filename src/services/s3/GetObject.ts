// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
// Not supported: SSE-C (accepted, ignored), torrent.
import type { GetObjectOutput, GetObjectRequest } from '../../gen/s3.js'
import type { Ctx, Handler } from '../types.js'
import { viewObject } from './object-read.js'
import { s3Of } from './state.js'

const SMALL_BODY = 64 * 1024

const getOnce = async (input: GetObjectRequest, ctx: Ctx): Promise<GetObjectOutput> => {
  const view = viewObject(ctx, input)
  const { row, range } = view
  const out = view.out as GetObjectOutput
  if (range) {
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
