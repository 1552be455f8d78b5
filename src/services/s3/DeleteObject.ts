// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
// Not supported: MFA delete, object lock bypass, IfMatchLastModifiedTime/IfMatchSize.
import type { DeleteObjectOutput, DeleteObjectRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { noSuchKey, preconditionFailed } from './errors.js'
import { bucketFor } from './names.js'
import { deleteObject } from './object-delete.js'
import { etagMatches } from './object-view.js'
import { s3Of } from './state.js'

export const DeleteObject: Handler<DeleteObjectRequest, DeleteObjectOutput> = (input, ctx) => {
  const s3 = s3Of(ctx)
  const bucket = bucketFor(ctx, input.Bucket)
  if (input.IfMatch !== undefined) {
    const row = s3.store.getObject(bucket.name, input.Key, input.VersionId)
    if (!row || row.isDeleteMarker) throw noSuchKey(input.Key)
    if (!etagMatches(input.IfMatch, row.etag)) throw preconditionFailed('If-Match')
  }
  return deleteObject(s3, ctx, bucket, input.Key, input.VersionId)
}
