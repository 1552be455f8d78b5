// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
// Not supported: SSE-C (accepted, ignored).
import type { UploadPartOutput, UploadPartRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { memberOf } from './checksums.js'
import { noSuchUpload } from './errors.js'
import { ingestFile } from './ingest.js'
import { checkPartNumber, uploadFor } from './multipart.js'
import { s3Of } from './state.js'

export const UploadPart: Handler<UploadPartRequest, UploadPartOutput> = async (input, ctx) => {
  const s3 = s3Of(ctx)
  checkPartNumber(input.PartNumber)
  const { upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  const alg = upload.meta.checksumAlgorithm
  const body = await ingestFile(s3, {
    ...input,
    ...(alg && !input.ChecksumAlgorithm ? { ChecksumAlgorithm: alg } : {}),
  })
  const etag = body.md5.toString('hex')
  const recorded = s3.store.putPart(input.UploadId, {
    partNumber: input.PartNumber,
    blobId: body.blobId,
    size: body.size,
    etag,
    lastModified: ctx.now(),
    checksums: body.checksums,
  })
  // The upload may have been completed or aborted while the body streamed.
  if (!recorded) {
    await s3.discard(body.blobId)
    throw noSuchUpload(input.UploadId)
  }
  if (recorded.replaced) s3.release([recorded.replaced])
  const out: UploadPartOutput = { ETag: `"${etag}"` }
  for (const [a, v] of Object.entries(body.checksums)) out[memberOf(a as 'CRC32')] = v
  return out
}
