// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
// Not supported: ACLs, SSE, object lock, WriteOffsetBytes (accepted, ignored).
import type { PutObjectOutput, PutObjectRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { memberOf } from './checksums.js'
import { discardStored, ingestBody, placementOf } from './ingest.js'
import { bucketFor, checkKey } from './names.js'
import {
  checkWriteConditions,
  commitObjectGrouped,
  parseTaggingHeader,
  storedHeaders,
} from './object-write.js'
import { s3Of } from './state.js'

export const PutObject: Handler<PutObjectRequest, PutObjectOutput> = async (input, ctx) => {
  const s3 = s3Of(ctx)
  const bucket = bucketFor(ctx, input.Bucket)
  checkKey(input.Key)
  const conditional = input.IfMatch !== undefined || input.IfNoneMatch !== undefined
  // Checked before the body streams (cheap refusal), and again at commit.
  if (conditional)
    checkWriteConditions(
      input.Key,
      s3.store.getObject(bucket.name, input.Key),
      input.IfMatch,
      input.IfNoneMatch,
    )
  const body = await ingestBody(s3, input, { inline: true })
  const etag = body.md5.toString('hex')
  const tags = parseTaggingHeader(input.Tagging)
  try {
    const row = await commitObjectGrouped(s3, ctx, {
      bucket,
      v: {
        key: input.Key,
        size: body.size,
        etag,
        ...placementOf(body),
        meta: {
          headers: storedHeaders(input),
          userMetadata: input.Metadata ?? {},
          checksums: body.checksums,
          ...(tags ? { tags } : {}),
          ...(input.StorageClass ? { storageClass: input.StorageClass } : {}),
        },
      },
      eventName: 'ObjectCreated:Put',
      ifNoneMatch: input.IfNoneMatch,
      ifMatch: input.IfMatch,
    })
    const out: PutObjectOutput = { ETag: `"${etag}"`, Size: body.size }
    for (const [alg, v] of Object.entries(body.checksums)) out[memberOf(alg as 'CRC32')] = v
    if (Object.keys(body.checksums).length) out.ChecksumType = 'FULL_OBJECT'
    if (bucket.versioning) out.VersionId = row.versionId
    return out
  } catch (e) {
    await discardStored(s3, body.stored)
    throw e
  }
}
