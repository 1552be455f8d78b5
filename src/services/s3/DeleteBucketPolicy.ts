// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html
import type { DeleteBucketPolicyRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const DeleteBucketPolicy: Handler<DeleteBucketPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  s3Of(ctx).store.updateConfig(bucket.name, ({ policy: _, ...rest }) => rest)
  return {}
}
