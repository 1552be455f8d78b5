// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
import type {
  BucketLocationConstraint,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
} from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'

export const GetBucketLocation: Handler<GetBucketLocationRequest, GetBucketLocationOutput> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  // us-east-1 answers an empty LocationConstraint.
  return bucket.region === 'us-east-1'
    ? {}
    : { LocationConstraint: bucket.region as BucketLocationConstraint }
}
