// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
import type { GetBucketVersioningOutput, GetBucketVersioningRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'

export const GetBucketVersioning: Handler<GetBucketVersioningRequest, GetBucketVersioningOutput> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  return bucket.versioning ? { Status: bucket.versioning } : {}
}
