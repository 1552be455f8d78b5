// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
// Not supported: ACLs, SSE, object lock (accepted, ignored).
import type { CopyObjectOutput, CopyObjectRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { CHECKSUM_ALGORITHMS, isChecksumAlgorithm, memberOf } from './checksums.js'
import { copySourceOf, openSource } from './copy-source.js'
import { copyToItself } from './errors.js'
import { ingestBody, placementOf } from './ingest.js'
import { bucketFor, checkKey } from './names.js'
import { commitObjectGrouped, parseTaggingHeader, storedHeaders } from './object-write.js'
import { s3Of } from './state.js'

export const CopyObject: Handler<CopyObjectRequest, CopyObjectOutput> = async (input, ctx) => {
  const s3 = s3Of(ctx)
  const bucket = bucketFor(ctx, input.Bucket)
  checkKey(input.Key)
  const src = copySourceOf(ctx, input)
  const replace = input.MetadataDirective === 'REPLACE'
  const isSelf = src.bucket.name === bucket.name && src.row.key === input.Key
  if (
    isSelf &&
    !replace &&
    !input.StorageClass &&
    !input.WebsiteRedirectLocation &&
    !input.ServerSideEncryption
  )
    throw copyToItself()
  const srcAlg = CHECKSUM_ALGORITHMS.find((a) => src.row.meta.checksums[a] !== undefined)
  const alg = isChecksumAlgorithm(input.ChecksumAlgorithm) ? input.ChecksumAlgorithm : srcAlg
  const body = await ingestBody(
    s3,
    { Body: await openSource(ctx, src.row), ...(alg ? { ChecksumAlgorithm: alg } : {}) },
    { inline: true },
  )
  const tags =
    input.TaggingDirective === 'REPLACE' ? parseTaggingHeader(input.Tagging) : src.row.meta.tags
  const etag = body.md5.toString('hex')
  const row = await commitObjectGrouped(s3, ctx, {
    bucket,
    v: {
      key: input.Key,
      size: body.size,
      etag,
      ...placementOf(body),
      meta: {
        headers: replace ? storedHeaders(input) : src.row.meta.headers,
        userMetadata: replace ? (input.Metadata ?? {}) : src.row.meta.userMetadata,
        checksums: body.checksums,
        ...(tags ? { tags } : {}),
        ...((input.StorageClass ?? src.row.meta.storageClass)
          ? { storageClass: input.StorageClass ?? src.row.meta.storageClass }
          : {}),
      },
    },
    eventName: 'ObjectCreated:Copy',
  })
  const result: NonNullable<CopyObjectOutput['CopyObjectResult']> = {
    ETag: `"${etag}"`,
    LastModified: new Date(row.lastModified),
  }
  for (const [a, v] of Object.entries(body.checksums)) result[memberOf(a as 'CRC32')] = v
  if (alg) result.ChecksumType = 'FULL_OBJECT'
  return {
    CopyObjectResult: result,
    ...(bucket.versioning ? { VersionId: row.versionId } : {}),
    ...(src.bucket.versioning ? { CopySourceVersionId: src.row.versionId } : {}),
  }
}
