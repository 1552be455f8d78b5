// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
// Not supported: OptionalObjectAttributes (accepted, ignored).
import type {
  DeleteMarkerEntry,
  ListObjectVersionsOutput,
  ListObjectVersionsRequest,
  ObjectVersion,
} from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { CHECKSUM_ALGORITHMS } from './checksums.js'
import { invalidArgument } from './errors.js'
import { checkEncodingType, checkMaxKeys } from './listing.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'
import { afterKey, type ObjectRow, successorOf } from './store.js'

export const ListObjectVersions: Handler<ListObjectVersionsRequest, ListObjectVersionsOutput> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const maxKeys = checkMaxKeys(input.MaxKeys)
  checkEncodingType(input.EncodingType)
  const prefix = input.Prefix ?? ''
  const delimiter = input.Delimiter || undefined
  const keyMarker = input.KeyMarker ?? ''
  const versionMarker = input.VersionIdMarker
  if (versionMarker && !keyMarker)
    throw invalidArgument(
      'A version-id marker cannot be specified without a key marker.',
      'version-id-marker',
      versionMarker,
    )
  let from: Buffer = Buffer.alloc(0)
  let skip: ((row: ObjectRow) => boolean) | undefined
  if (keyMarker && versionMarker) {
    // Resume inside the marker key: skip its versions up to and including the marker version.
    from = Buffer.from(keyMarker)
    let passed = false
    skip = (row) => {
      if (row.key !== keyMarker || passed) return false
      if (row.versionId === versionMarker) passed = true
      return true
    }
  } else if (keyMarker) {
    from =
      delimiter && keyMarker.endsWith(delimiter)
        ? (successorOf(Buffer.from(keyMarker)) ?? afterKey(keyMarker))
        : afterKey(keyMarker)
  }
  const res = s3Of(ctx).store.listVersions(bucket.name, {
    prefix,
    ...(delimiter ? { delimiter } : {}),
    from,
    maxKeys,
    ...(skip ? { skip } : {}),
  })
  const owner = { ID: bucket.account, DisplayName: 'millrace' }
  const Versions: ObjectVersion[] = []
  const DeleteMarkers: DeleteMarkerEntry[] = []
  const CommonPrefixes: { Prefix: string }[] = []
  for (const e of res.entries) {
    if (e.kind === 'prefix') {
      CommonPrefixes.push({ Prefix: e.prefix })
      continue
    }
    const r = e.row
    const base = {
      Key: r.key,
      VersionId: r.versionId,
      IsLatest: r.isLatest,
      LastModified: new Date(r.lastModified),
      Owner: owner,
    }
    if (r.isDeleteMarker) {
      DeleteMarkers.push(base)
      continue
    }
    const algs = CHECKSUM_ALGORITHMS.filter((a) => r.meta.checksums[a] !== undefined)
    Versions.push({
      ...base,
      ETag: `"${r.etag}"`,
      Size: r.size,
      StorageClass: 'STANDARD',
      ...(algs.length
        ? { ChecksumAlgorithm: algs, ChecksumType: r.meta.checksumType ?? 'FULL_OBJECT' }
        : {}),
    })
  }
  const out: ListObjectVersionsOutput = {
    Name: bucket.name,
    Prefix: prefix,
    KeyMarker: keyMarker,
    VersionIdMarker: versionMarker ?? '',
    MaxKeys: input.MaxKeys ?? 1000,
    IsTruncated: res.isTruncated,
    ...(Versions.length ? { Versions } : {}),
    ...(DeleteMarkers.length ? { DeleteMarkers } : {}),
    ...(CommonPrefixes.length ? { CommonPrefixes } : {}),
  }
  if (delimiter) out.Delimiter = delimiter
  if (input.EncodingType) out.EncodingType = input.EncodingType
  const last = res.entries.at(-1)
  if (res.isTruncated && last) {
    if (last.kind === 'prefix') out.NextKeyMarker = last.prefix
    else {
      out.NextKeyMarker = last.row.key
      out.NextVersionIdMarker = last.row.versionId
    }
  }
  return out
}
