// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
import type { UploadPartCopyOutput, UploadPartCopyRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { memberOf } from './checksums.js'
import { copySourceOf, openSource, parseCopyRange } from './copy-source.js'
import { noSuchUpload } from './errors.js'
import { ingestFile } from './ingest.js'
import { checkPartNumber, uploadFor } from './multipart.js'
import { s3Of } from './state.js'

export const UploadPartCopy: Handler<UploadPartCopyRequest, UploadPartCopyOutput> = async (
  input,
  ctx,
) => {
  const s3 = s3Of(ctx)
  checkPartNumber(input.PartNumber)
  const { upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  const src = copySourceOf(ctx, input)
  const range = parseCopyRange(input.CopySourceRange, src.row.size)
  const alg = upload.meta.checksumAlgorithm
  const body = await ingestFile(s3, {
    Body: await openSource(ctx, src.row, range),
    ...(alg ? { ChecksumAlgorithm: alg } : {}),
  })
  const etag = body.md5.toString('hex')
  const now = ctx.now()
  const recorded = s3.store.putPart(input.UploadId, {
    partNumber: input.PartNumber,
    blobId: body.blobId,
    size: body.size,
    etag,
    lastModified: now,
    checksums: body.checksums,
  })
  // The upload may have been completed or aborted while the body streamed.
  if (!recorded) {
    await s3.discard(body.blobId)
    throw noSuchUpload(input.UploadId)
  }
  if (recorded.replaced) s3.release([recorded.replaced])
  const result: NonNullable<UploadPartCopyOutput['CopyPartResult']> = {
    ETag: `"${etag}"`,
    LastModified: new Date(now),
  }
  for (const [a, v] of Object.entries(body.checksums)) result[memberOf(a as 'CRC32')] = v
  return {
    CopyPartResult: result,
    ...(src.bucket.versioning ? { CopySourceVersionId: src.row.versionId } : {}),
  }
}
