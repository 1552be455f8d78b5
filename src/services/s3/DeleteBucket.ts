// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
import type { DeleteBucketRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketNotEmpty } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const DeleteBucket: Handler<DeleteBucketRequest, Record<string, never>> = (input, ctx) => {
  bucketFor(ctx, input.Bucket)
  if (!s3Of(ctx).store.deleteBucket(input.Bucket)) throw bucketNotEmpty(input.Bucket)
  return {}
}
