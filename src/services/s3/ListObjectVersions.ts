// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
// Not supported: OptionalObjectAttributes (accepted, ignored).
import type { ListObjectVersionsOutput, ListObjectVersionsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { invalidArgument } from './errors.js'
import { checkEncodingType, checkMaxKeys, renderVersions, versionsStart } from './listing.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

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
  const { from, skip } = versionsStart(keyMarker, versionMarker, delimiter)
  const res = s3Of(ctx).store.listVersions(bucket.name, {
    prefix,
    ...(delimiter ? { delimiter } : {}),
    from,
    maxKeys,
    ...(skip ? { skip } : {}),
  })
  const { Versions, DeleteMarkers, CommonPrefixes } = renderVersions(
    res.entries,
    ownerOf(bucket.account),
  )
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
