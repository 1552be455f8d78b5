// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
import type { PutObjectTaggingOutput, PutObjectTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { findObject } from './object-read.js'
import { s3Of } from './state.js'
import { tagsFromSet } from './tags.js'

export const PutObjectTagging: Handler<PutObjectTaggingRequest, PutObjectTaggingOutput> = (
  input,
  ctx,
) => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  const tags = tagsFromSet(input.Tagging.TagSet, 'object')
  s3Of(ctx).store.setObjectMeta(bucket.name, row.key, row.seq, { ...row.meta, tags })
  return bucket.versioning ? { VersionId: row.versionId } : {}
}
