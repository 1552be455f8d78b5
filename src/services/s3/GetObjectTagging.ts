// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html
import type { GetObjectTaggingOutput, GetObjectTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { findObject } from './object-read.js'
import { tagSetOf } from './tags.js'

export const GetObjectTagging: Handler<GetObjectTaggingRequest, GetObjectTaggingOutput> = (
  input,
  ctx,
) => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  return {
    TagSet: tagSetOf(row.meta.tags),
    ...(bucket.versioning ? { VersionId: row.versionId } : {}),
  }
}
