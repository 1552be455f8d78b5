// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html
import type { GetBucketTaggingOutput, GetBucketTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { noSuchTagSet } from './errors.js'
import { bucketFor } from './names.js'
import { tagSetOf } from './tags.js'

export const GetBucketTagging: Handler<GetBucketTaggingRequest, GetBucketTaggingOutput> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  if (!bucket.config.tags || Object.keys(bucket.config.tags).length === 0) throw noSuchTagSet()
  return { TagSet: tagSetOf(bucket.config.tags) }
}
