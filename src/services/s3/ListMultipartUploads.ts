// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
// Not supported: Delimiter/CommonPrefixes, KeyMarker/UploadIdMarker paging past the first 1,000.
import type { ListMultipartUploadsOutput, ListMultipartUploadsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const ListMultipartUploads: Handler<
  ListMultipartUploadsRequest,
  ListMultipartUploadsOutput
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const max = Math.min(input.MaxUploads ?? 1000, 1000)
  const rows = s3Of(ctx).store.listUploads(bucket.name, input.Prefix ?? '', max + 1)
  const page = rows.slice(0, max)
  const owner = { ID: bucket.account, DisplayName: 'millrace' }
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
