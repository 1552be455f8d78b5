// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
// Not supported: MpuObjectSize checks.
import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { memberOf } from './checksums.js'
import { invalidPart, noSuchUpload } from './errors.js'
import { chooseParts, multipartChecksums, multipartEtag, uploadFor } from './multipart.js'
import { commitObject } from './object-write.js'
import { s3Of } from './state.js'

export const CompleteMultipartUpload: Handler<
  CompleteMultipartUploadRequest,
  CompleteMultipartUploadOutput
> = async (input, ctx) => {
  const s3 = s3Of(ctx)
  const { bucket, upload } = uploadFor(ctx, input.Bucket, input.Key, input.UploadId)
  const chosen = chooseParts(s3, upload.uploadId, input.MultipartUpload?.Parts ?? [])
  const etag = multipartEtag(chosen)
  const { checksums, type } = await multipartChecksums(s3, upload, chosen, input)
  const size = chosen.reduce((n, p) => n + p.size, 0)
  // Parts become the object's segments; parts left out of the list are freed.
  const used = new Set(chosen.map((p) => p.blobId))
  // One transaction: a failed precondition keeps the upload, and of two racing completes only
  // the first finds the upload.
  const { row, unused } = s3.store.transaction(() => {
    if (!s3.store.getUpload(upload.uploadId)) throw noSuchUpload(upload.uploadId)
    // A part re-uploaded since it was chosen has a new body: the ETag given no longer holds.
    const current = new Map(
      s3.store.listParts(upload.uploadId).map((p) => [p.partNumber, p.blobId]),
    )
    for (const p of chosen)
      if (current.get(p.partNumber) !== p.blobId)
        throw invalidPart(upload.uploadId, p.partNumber, p.etag)
    const all = s3.store.endUpload(upload.uploadId)
    const row = commitObject(s3, ctx, {
      bucket,
      v: {
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
      eventName: 'ObjectCreated:CompleteMultipartUpload',
      ifNoneMatch: input.IfNoneMatch,
      ifMatch: input.IfMatch,
    })
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
