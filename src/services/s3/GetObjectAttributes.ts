// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
// Not supported: per-part checksums in ObjectParts (part numbers and sizes only).
import type { GetObjectAttributesOutput, GetObjectAttributesRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { CHECKSUM_ALGORITHMS, memberOf } from './checksums.js'
import { findObject } from './object-read.js'

export const GetObjectAttributes: Handler<GetObjectAttributesRequest, GetObjectAttributesOutput> = (
  input,
  ctx,
) => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  const want = new Set(input.ObjectAttributes)
  const out: GetObjectAttributesOutput = { LastModified: new Date(row.lastModified) }
  if (bucket.versioning) out.VersionId = row.versionId
  // Unlike GET/HEAD, GetObjectAttributes returns the ETag without quotes.
  if (want.has('ETag')) out.ETag = row.etag
  if (want.has('ObjectSize')) out.ObjectSize = row.size
  if (want.has('StorageClass'))
    out.StorageClass = (row.meta.storageClass ?? 'STANDARD') as 'STANDARD'
  if (want.has('Checksum')) {
    const checksum: NonNullable<GetObjectAttributesOutput['Checksum']> = {}
    for (const alg of CHECKSUM_ALGORITHMS) {
      const v = row.meta.checksums[alg]
      if (v !== undefined) checksum[memberOf(alg)] = v
    }
    if (Object.keys(checksum).length) {
      checksum.ChecksumType = row.meta.checksumType ?? 'FULL_OBJECT'
      out.Checksum = checksum
    }
  }
  if (want.has('ObjectParts') && row.meta.parts) {
    const max = Math.min(input.MaxParts ?? 1000, 1000)
    const marker = Number(input.PartNumberMarker ?? 0) || 0
    const parts = row.meta.parts
      .map((Size, i) => ({ PartNumber: i + 1, Size }))
      .filter((p) => p.PartNumber > marker)
    const page = parts.slice(0, max)
    out.ObjectParts = {
      TotalPartsCount: row.meta.parts.length,
      PartNumberMarker: String(marker),
      MaxParts: max,
      IsTruncated: parts.length > max,
      Parts: page,
      ...(page.length ? { NextPartNumberMarker: String(page.at(-1)!.PartNumber) } : {}),
    }
  }
  return out
}
