/** Finding the object version a GET/HEAD/Copy names, with S3's delete-marker answers. */
import type { Ctx } from '../types.js'
import { methodNotAllowedOnDeleteMarker, noSuchKey, noSuchVersion } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'
import type { BucketRow, ObjectRow } from './store.js'

export const findObject = (
  ctx: Ctx,
  bucketName: string,
  key: string,
  versionId: string | undefined,
): { bucket: BucketRow; row: ObjectRow } => {
  const bucket = bucketFor(ctx, bucketName)
  const row = s3Of(ctx).store.getObject(bucket.name, key, versionId)
  if (!row) throw versionId !== undefined ? noSuchVersion(key, versionId) : noSuchKey(key)
  if (row.isDeleteMarker) {
    const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.versionId }
    // A delete marker named by version is a 405; the latest being one reads as a missing key.
    if (versionId !== undefined) throw methodNotAllowedOnDeleteMarker(headers)
    const err = noSuchKey(key)
    Object.assign(err.headers, headers)
    throw err
  }
  return { bucket, row }
}
