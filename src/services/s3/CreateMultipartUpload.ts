// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
// Not supported: ACLs, SSE, object lock (accepted, ignored).
import type { CreateMultipartUploadOutput, CreateMultipartUploadRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { isChecksumAlgorithm } from './checksums.js'
import { newUploadId } from './multipart.js'
import { bucketFor, checkKey } from './names.js'
import { parseTaggingHeader, storedHeaders } from './object-write.js'
import { s3Of } from './state.js'

export const CreateMultipartUpload: Handler<
  CreateMultipartUploadRequest,
  CreateMultipartUploadOutput
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  checkKey(input.Key)
  const uploadId = newUploadId()
  const tags = parseTaggingHeader(input.Tagging)
  const alg = isChecksumAlgorithm(input.ChecksumAlgorithm) ? input.ChecksumAlgorithm : undefined
  // CRC64NVME exists only as a full-object checksum; the others default to composite.
  const checksumType =
    input.ChecksumType ?? (alg === 'CRC64NVME' ? 'FULL_OBJECT' : alg ? 'COMPOSITE' : undefined)
  s3Of(ctx).store.createUpload({
    uploadId,
    bucket: bucket.name,
    key: input.Key,
    initiated: ctx.now(),
    meta: {
      headers: storedHeaders(input),
      userMetadata: input.Metadata ?? {},
      checksums: {},
      ...(tags ? { tags } : {}),
      ...(input.StorageClass ? { storageClass: input.StorageClass } : {}),
      ...(alg ? { checksumAlgorithm: alg } : {}),
      ...(checksumType ? { checksumType } : {}),
    },
  })
  return {
    Bucket: bucket.name,
    Key: input.Key,
    UploadId: uploadId,
    ...(alg ? { ChecksumAlgorithm: alg } : {}),
    ...(checksumType ? { ChecksumType: checksumType } : {}),
  }
}
