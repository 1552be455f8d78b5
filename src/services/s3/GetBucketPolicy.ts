// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
import type { GetBucketPolicyOutput, GetBucketPolicyRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { noSuchBucketPolicy } from './errors.js'
import { bucketFor } from './names.js'

export const GetBucketPolicy: Handler<GetBucketPolicyRequest, GetBucketPolicyOutput> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  if (bucket.config.policy === undefined) throw noSuchBucketPolicy(bucket.name)
  return { Policy: bucket.config.policy }
}
