// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
import type {
  CommonPrefix,
  ListMultipartUploadsOutput,
  ListMultipartUploadsRequest,
  MultipartUpload,
} from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { compareKeys, successorOf } from './keys.js'
import { checkEncodingType } from './listing.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'
import type { UploadRow } from './store.js'

/** Uploads read per scan; a scan restarts past each common prefix. */
const SCAN = 1000

export const ListMultipartUploads: Handler<
  ListMultipartUploadsRequest,
  ListMultipartUploadsOutput
> = (input, ctx) => {
  checkEncodingType(input.EncodingType)
  const bucket = bucketFor(ctx, input.Bucket)
  const store = s3Of(ctx).store
  const max = Math.min(input.MaxUploads ?? 1000, 1000)
  const prefix = input.Prefix ?? ''
  const delimiter = input.Delimiter ?? ''
  const keyMarker = input.KeyMarker ?? ''
  const uploadIdMarker = input.UploadIdMarker
  // Entries in key order: uploads and common prefixes (a prefix counts once against MaxUploads).
  const entries: Array<{ upload: UploadRow } | { prefix: string }> = []
  let isTruncated = false
  // Uploads of the marker key are listed only after the upload-id marker; with no upload-id
  // marker, none of them are.
  let isPastIdMarker = false
  let from = compareKeys(keyMarker, prefix) > 0 ? keyMarker : prefix
  let seen = 0 // uploads of the scan's first key already taken (a scan resumes at a key)
  scanning: for (;;) {
    const rows = store.listUploads(bucket.name, prefix, from, seen + SCAN)
    for (let i = seen; i < rows.length; i++) {
      const u = rows[i]!
      if (keyMarker && u.key === keyMarker && !isPastIdMarker) {
        if (u.uploadId === uploadIdMarker) isPastIdMarker = true
        continue
      }
      const cut = delimiter ? u.key.indexOf(delimiter, prefix.length) : -1
      if (cut !== -1) {
        const cp = u.key.slice(0, cut + delimiter.length)
        // A common prefix at or before the key marker was listed on an earlier page.
        if (!keyMarker || compareKeys(cp, keyMarker) > 0) {
          if (entries.length === max) {
            isTruncated = true
            break scanning
          }
          entries.push({ prefix: cp })
        }
        const past = successorOf(cp)
        if (past === undefined) break scanning
        from = past
        seen = 0
        continue scanning
      }
      if (entries.length === max) {
        isTruncated = true
        break scanning
      }
      entries.push({ upload: u })
    }
    if (rows.length < seen + SCAN) break
    // Resume at the last key read, past the uploads of it already taken.
    const lastKey = rows.at(-1)!.key
    seen = rows.length - rows.findIndex((r) => r.key === lastKey)
    from = lastKey
  }
  const owner = ownerOf(bucket.account)
  const Uploads: MultipartUpload[] = []
  const CommonPrefixes: CommonPrefix[] = []
  for (const e of entries) {
    if ('prefix' in e) {
      CommonPrefixes.push({ Prefix: e.prefix })
      continue
    }
    const u = e.upload
    Uploads.push({
      UploadId: u.uploadId,
      Key: u.key,
      Initiated: new Date(u.initiated),
      StorageClass: (u.meta.storageClass ?? 'STANDARD') as 'STANDARD',
      Owner: owner,
      Initiator: owner,
    })
  }
  const out: ListMultipartUploadsOutput = {
    Bucket: bucket.name,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker ?? '',
    Prefix: prefix,
    MaxUploads: max,
    IsTruncated: isTruncated,
    Uploads,
    ...(CommonPrefixes.length ? { CommonPrefixes } : {}),
  }
  if (delimiter) out.Delimiter = delimiter
  if (input.EncodingType) out.EncodingType = input.EncodingType
  const last = entries.at(-1)
  if (isTruncated && last) {
    if ('prefix' in last) out.NextKeyMarker = last.prefix
    else {
      out.NextKeyMarker = last.upload.key
      out.NextUploadIdMarker = last.upload.uploadId
    }
  }
  return out
}
