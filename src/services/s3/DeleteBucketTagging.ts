// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html
import type { DeleteBucketTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const DeleteBucketTagging: Handler<DeleteBucketTaggingRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  s3Of(ctx).store.updateConfig(bucket.name, ({ tags: _, ...rest }) => rest)
  return {}
}
