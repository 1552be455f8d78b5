// https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html
import type { AbortMultipartUploadOutput, AbortMultipartUploadRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { uploadFor } from './multipart.js'
import { s3Of } from './state.js'

export const AbortMultipartUpload: Handler<
  AbortMultipartUploadRequest,
  AbortMultipartUploadOutput
> = (input, ctx) => {
  const s3 = s3Of(ctx)
  const { upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  s3.release(s3.store.endUpload(upload.uploadId))
  return {}
}
