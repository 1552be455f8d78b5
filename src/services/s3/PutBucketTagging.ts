// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
import type { PutBucketTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'
import { tagsFromSet } from './tags.js'

export const PutBucketTagging: Handler<PutBucketTaggingRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const tags = tagsFromSet(input.Tagging.TagSet, 'bucket')
  s3Of(ctx).store.updateConfig(bucket.name, (c) => ({ ...c, tags }))
  return {}
}
