// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
// Not supported: Delimiter/CommonPrefixes (uploads are listed flat).
import type { ListMultipartUploadsOutput, ListMultipartUploadsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const ListMultipartUploads: Handler<
  ListMultipartUploadsRequest,
  ListMultipartUploadsOutput
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const max = Math.min(input.MaxUploads ?? 1000, 1000)
  const keyMarker = input.KeyMarker ?? ''
  // After the key marker; with an upload-id marker, also the marker key's later uploads.
  let passed = !input.UploadIdMarker
  const rows = s3Of(ctx)
    .store.listUploads(bucket.name, input.Prefix ?? '', keyMarker, max + 1 + 1000)
    .filter((u) => {
      if (!keyMarker || u.key !== keyMarker) return true
      if (passed) return Boolean(input.UploadIdMarker)
      if (u.uploadId === input.UploadIdMarker) passed = true
      return false
    })
    .slice(0, max + 1)
  const page = rows.slice(0, max)
  const owner = ownerOf(bucket.account)
  const out: ListMultipartUploadsOutput = {
    Bucket: bucket.name,
    KeyMarker: input.KeyMarker ?? '',
    UploadIdMarker: input.UploadIdMarker ?? '',
    Prefix: input.Prefix ?? '',
    MaxUploads: max,
    IsTruncated: rows.length > max,
    Uploads: page.map((u) => ({
      UploadId: u.uploadId,
      Key: u.key,
      Initiated: new Date(u.initiated),
      StorageClass: (u.meta.storageClass ?? 'STANDARD') as 'STANDARD',
      Owner: owner,
      Initiator: owner,
    })),
  }
  if (input.EncodingType) out.EncodingType = input.EncodingType
  if (rows.length > max) {
    out.NextKeyMarker = page.at(-1)!.key
    out.NextUploadIdMarker = page.at(-1)!.uploadId
  }
  return out
}
