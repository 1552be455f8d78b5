// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
import type { ListObjectsOutput, ListObjectsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { afterKey, successorOf } from './keys.js'
import { checkEncodingType, checkMaxKeys, lastOf, renderEntries } from './listing.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const ListObjects: Handler<ListObjectsRequest, ListObjectsOutput> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const maxKeys = checkMaxKeys(input.MaxKeys)
  checkEncodingType(input.EncodingType)
  const prefix = input.Prefix ?? ''
  const delimiter = input.Delimiter || undefined
  const marker = input.Marker ?? ''
  // A marker that is a common prefix skips all its keys, as S3 does.
  let from = marker ? afterKey(marker) : ''
  if (marker && delimiter && marker.endsWith(delimiter) && marker.startsWith(prefix))
    from = successorOf(marker) ?? from
  const res = s3Of(ctx).store.listObjects(bucket.name, {
    prefix,
    ...(delimiter ? { delimiter } : {}),
    from,
    maxKeys,
  })
  const out: ListObjectsOutput = {
    Name: bucket.name,
    Prefix: prefix,
    Marker: marker,
    MaxKeys: input.MaxKeys ?? 1000,
    IsTruncated: res.isTruncated,
    ...renderEntries(res.entries, ownerOf(bucket.account)),
  }
  if (delimiter) out.Delimiter = delimiter
  if (input.EncodingType) out.EncodingType = input.EncodingType
  // NextMarker is returned only with a delimiter; without one, clients use the last Key.
  if (res.isTruncated && delimiter) out.NextMarker = lastOf(res.entries)
  return out
}
