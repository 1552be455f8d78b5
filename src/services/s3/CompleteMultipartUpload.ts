// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
// Not supported: MpuObjectSize checks.
import { createHash } from 'node:crypto'
import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { memberOf } from './checksums.js'
import {
  entityTooSmall,
  invalidPart,
  invalidPartOrder,
  malformedXml,
  noSuchUpload,
} from './errors.js'
import { MIN_PART_BYTES, multipartChecksums, unquoteEtag, uploadFor } from './multipart.js'
import { commitObject } from './object-write.js'
import { s3Of } from './state.js'
import type { PartRow } from './store.js'

export const CompleteMultipartUpload: Handler<
  CompleteMultipartUploadRequest,
  CompleteMultipartUploadOutput
> = async (input, ctx) => {
  const s3 = s3Of(ctx)
  const { bucket, upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  const requested = input.MultipartUpload?.Parts ?? []
  if (requested.length === 0) throw malformedXml()
  const stored = new Map(s3.store.listParts(upload.uploadId).map((p) => [p.partNumber, p]))
  const chosen: PartRow[] = []
  let previous = 0
  for (const p of requested) {
    const n = p.PartNumber ?? 0
    if (n <= previous) throw invalidPartOrder(upload.uploadId)
    previous = n
    const part = stored.get(n)
    if (!part || part.etag !== unquoteEtag(p.ETag))
      throw invalidPart(upload.uploadId, n, unquoteEtag(p.ETag))
    chosen.push(part)
  }
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < MIN_PART_BYTES)
      throw entityTooSmall(part.size, part.partNumber, part.etag)
  })
  const md5 = createHash('md5')
  for (const part of chosen) md5.update(Buffer.from(part.etag, 'hex'))
  const etag = `${md5.digest('hex')}-${chosen.length}`
  const { checksums, type } = await multipartChecksums(s3, upload, chosen, input)
  const size = chosen.reduce((n, p) => n + p.size, 0)
  // Parts become the object's segments; parts left out of the list are freed.
  const used = new Set(chosen.map((p) => p.blobId))
  // One transaction: a failed precondition keeps the upload, and of two racing completes only
  // the first finds the upload.
  const { row, unused } = s3.store.transaction(() => {
    if (!s3.store.getUpload(upload.uploadId)) throw noSuchUpload(upload.uploadId)
    const all = s3.store.endUpload(upload.uploadId)
    const row = commitObject(
      s3,
      ctx,
      bucket,
      {
        key: upload.key,
        size,
        etag,
        blobs: chosen.map((p) => ({ id: p.blobId, size: p.size })),
        meta: {
          ...upload.meta,
          checksums,
          ...(type ? { checksumType: type } : {}),
          parts: chosen.map((p) => p.size),
        },
      },
      'ObjectCreated:CompleteMultipartUpload',
      input.IfNoneMatch,
      input.IfMatch,
    )
    return { row, unused: all.filter((id) => !used.has(id)) }
  })
  s3.release(unused)
  const out: CompleteMultipartUploadOutput = {
    Location: `/${bucket.name}/${encodeURIComponent(upload.key)}`,
    Bucket: bucket.name,
    Key: upload.key,
    ETag: `"${etag}"`,
  }
  for (const [a, v] of Object.entries(checksums)) out[memberOf(a as 'CRC32')] = v
  if (type) out.ChecksumType = type
  if (bucket.versioning) out.VersionId = row.versionId
  return out
}
