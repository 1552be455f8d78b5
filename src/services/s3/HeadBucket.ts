// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
import type { HeadBucketOutput, HeadBucketRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'

export const HeadBucket: Handler<HeadBucketRequest, HeadBucketOutput> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  return { BucketRegion: bucket.region, AccessPointAlias: false }
}
