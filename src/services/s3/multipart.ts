/** Shared steps of the multipart operations. */
import { createHash, randomBytes } from 'node:crypto'
import type { CompletedPart } from '../../gen/s3.js'
import type { Ctx } from '../types.js'
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  compositeChecksum,
  hasherFor,
  isChecksumAlgorithm,
} from './checksums.js'
import {
  checksumMismatch,
  entityTooSmall,
  invalidArgument,
  invalidPart,
  invalidPartOrder,
  malformedXml,
  noSuchUpload,
} from './errors.js'
import { bucketFor } from './names.js'
import { type S3State, s3Of } from './state.js'
import type { BucketRow, PartRow, UploadRow } from './store.js'

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

const CRCS = new Set<ChecksumAlgorithm>(['CRC32', 'CRC32C', 'CRC64NVME'])

/**
 * The completed object's checksum: FULL_OBJECT (CRCs only) is the CRC of the whole body, read
 * back through the parts once; COMPOSITE is the checksum of the parts' checksums, `-N`.
 */
export const multipartChecksums = async (
  s3: S3State,
  upload: UploadRow,
  parts: readonly PartRow[],
  claimed: Partial<Record<`Checksum${ChecksumAlgorithm}`, string>>,
): Promise<{ checksums: Record<string, string>; type?: 'FULL_OBJECT' | 'COMPOSITE' }> => {
  const alg = upload.meta.checksumAlgorithm
  if (upload.meta.checksumType === 'FULL_OBJECT' && isChecksumAlgorithm(alg) && CRCS.has(alg)) {
    const h = hasherFor(alg)
    const body = await s3.blobs.open(parts.map((p) => ({ id: p.blobId, size: p.size })))
    for await (const chunk of body) h.update(chunk as Buffer)
    const value = (await h.digest()).toString('base64')
    const sent = claimed[`Checksum${alg}`]
    if (sent !== undefined && sent !== value) throw checksumMismatch(alg)
    return { checksums: { [alg]: value }, type: 'FULL_OBJECT' }
  }
  const checksums: Record<string, string> = {}
  for (const a of CHECKSUM_ALGORITHMS) {
    const values = parts.map((p) => p.checksums[a])
    if (values.every((v): v is string => v !== undefined))
      checksums[a] = await compositeChecksum(a, values)
  }
  return Object.keys(checksums).length ? { checksums, type: 'COMPOSITE' } : { checksums }
}

/** The stored parts a complete request names: ascending, present with that ETag, ≥ 5 MiB but the last. */
export const chooseParts = (
  s3: S3State,
  uploadId: string,
  requested: readonly CompletedPart[],
): PartRow[] => {
  if (requested.length === 0) throw malformedXml()
  const stored = new Map(s3.store.listParts(uploadId).map((p) => [p.partNumber, p]))
  const chosen: PartRow[] = []
  let previous = 0
  for (const p of requested) {
    const n = p.PartNumber ?? 0
    if (n <= previous) throw invalidPartOrder(uploadId)
    previous = n
    const part = stored.get(n)
    if (!part || part.etag !== unquoteEtag(p.ETag))
      throw invalidPart(uploadId, n, unquoteEtag(p.ETag))
    chosen.push(part)
  }
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < MIN_PART_BYTES)
      throw entityTooSmall(part.size, part.partNumber, part.etag)
  })
  return chosen
}

/** MD5 of the parts' binary MD5s, then `-N`. */
export const multipartEtag = (parts: readonly PartRow[]): string => {
  const md5 = createHash('md5')
  for (const part of parts) md5.update(Buffer.from(part.etag, 'hex'))
  return `${md5.digest('hex')}-${parts.length}`
}
