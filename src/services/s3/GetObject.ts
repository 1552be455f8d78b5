// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
// Not supported: SSE-C (accepted, ignored), torrent.
import type { GetObjectOutput, GetObjectRequest } from '../../gen/s3.js'
import type { Ctx, Handler } from '../types.js'
import { readBody } from './bodies.js'
import { viewObject } from './object-read.js'
import { s3Of } from './state.js'

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
  out.Body = (await readBody(s3Of(ctx), row, range?.start, range?.end)) as GetObjectOutput['Body']
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
