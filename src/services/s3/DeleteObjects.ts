// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
// Not supported: MFA delete, per-object ETag/LastModifiedTime/Size conditions.
import type { DeleteObjectsOutput, DeleteObjectsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { malformedXml } from './errors.js'
import { bucketFor } from './names.js'
import { deleteObject } from './object-delete.js'
import { s3Of } from './state.js'

export const DeleteObjects: Handler<DeleteObjectsRequest, DeleteObjectsOutput> = (input, ctx) => {
  const s3 = s3Of(ctx)
  const bucket = bucketFor(ctx, input.Bucket)
  const objects = input.Delete.Objects ?? []
  // S3 caps a request at 1,000 keys and answers MalformedXML beyond (or for none).
  if (objects.length === 0 || objects.length > 1000) throw malformedXml()
  const out: Required<Pick<DeleteObjectsOutput, 'Deleted' | 'Errors'>> = { Deleted: [], Errors: [] }
  for (const o of objects) {
    if (Buffer.byteLength(o.Key) > 1024) {
      out.Errors.push({ Key: o.Key, Code: 'KeyTooLongError', Message: 'Your key is too long' })
      continue
    }
    const r = deleteObject(s3, ctx, bucket, o.Key, o.VersionId)
    if (input.Delete.Quiet) continue
    out.Deleted.push({
      Key: o.Key,
      ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}),
      ...(r.DeleteMarker ? { DeleteMarker: true } : {}),
      ...(r.DeleteMarker && o.VersionId === undefined
        ? { DeleteMarkerVersionId: r.VersionId }
        : {}),
    })
  }
  return {
    ...(out.Deleted.length ? { Deleted: out.Deleted } : {}),
    ...(out.Errors.length ? { Errors: out.Errors } : {}),
  }
}
