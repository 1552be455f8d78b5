// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html
import type { ListPartsOutput, ListPartsRequest, Part } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { memberOf } from './checksums.js'
import { uploadFor } from './multipart.js'
import { s3Of } from './state.js'

export const ListParts: Handler<ListPartsRequest, ListPartsOutput> = (input, ctx) => {
  const { bucket, upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  const max = Math.min(input.MaxParts ?? 1000, 1000)
  const marker = Number(input.PartNumberMarker ?? 0) || 0
  const rows = s3Of(ctx).store.listParts(upload.uploadId, marker, max + 1)
  const page = rows.slice(0, max)
  const owner = ownerOf(bucket.account)
  const out: ListPartsOutput = {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    PartNumberMarker: String(marker),
    MaxParts: max,
    IsTruncated: rows.length > max,
    Initiator: owner,
    Owner: owner,
    StorageClass: (upload.meta.storageClass ?? 'STANDARD') as ListPartsOutput['StorageClass'],
    Parts: page.map((p) => {
      const part: Part = {
        PartNumber: p.partNumber,
        LastModified: new Date(p.lastModified),
        ETag: `"${p.etag}"`,
        Size: p.size,
      }
      for (const [a, v] of Object.entries(p.checksums)) part[memberOf(a as 'CRC32')] = v
      return part
    }),
  }
  if (page.length) out.NextPartNumberMarker = String(page.at(-1)!.partNumber)
  if (upload.meta.checksumAlgorithm)
    out.ChecksumAlgorithm = upload.meta.checksumAlgorithm as ListPartsOutput['ChecksumAlgorithm']
  return out
}
