// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketCors.html
import type { DeleteBucketCorsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const DeleteBucketCors: Handler<DeleteBucketCorsRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  s3Of(ctx).store.updateConfig(bucket.name, ({ cors: _, ...rest }) => rest)
  return {}
}
