// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html
import type { DeleteObjectTaggingOutput, DeleteObjectTaggingRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { findObject } from './object-read.js'
import { s3Of } from './state.js'

export const DeleteObjectTagging: Handler<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput> = (
  input,
  ctx,
) => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  const { tags: _, ...meta } = row.meta
  s3Of(ctx).store.setObjectMeta(bucket.name, row.key, row.seq, meta)
  return bucket.versioning ? { VersionId: row.versionId } : {}
}
