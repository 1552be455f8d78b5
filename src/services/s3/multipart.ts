/** Shared steps of the multipart operations. */
import { randomBytes } from 'node:crypto'
import type { Ctx } from '../types.js'
import { invalidArgument, noSuchUpload } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'
import type { BucketRow, UploadRow } from './store.js'

export const MIN_PART_BYTES = 5 * 1024 * 1024

export const newUploadId = (): string => randomBytes(36).toString('base64url')

/** The upload an UploadId names, which must belong to this bucket and key. */
export const uploadFor = (
  ctx: Ctx,
  bucketName: string,
  key: string,
  uploadId: string,
): { bucket: BucketRow; upload: UploadRow } => {
  const bucket = bucketFor(ctx, bucketName)
  const upload = s3Of(ctx).store.getUpload(uploadId)
  if (!upload || upload.bucket !== bucket.name || upload.key !== key) throw noSuchUpload(uploadId)
  return { bucket, upload }
}

export const checkPartNumber = (n: number): void => {
  if (!Number.isInteger(n) || n < 1 || n > 10000)
    throw invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      String(n),
    )
}

export const unquoteEtag = (etag: string | undefined): string =>
  (etag ?? '').trim().replace(/^"|"$/g, '')
