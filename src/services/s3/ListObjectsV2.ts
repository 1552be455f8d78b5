// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// Not supported: OptionalObjectAttributes (RestoreStatus; accepted, ignored).
import type { ListObjectsV2Output, ListObjectsV2Request } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { invalidArgument } from './errors.js'
import { afterKey, successorOf } from './keys.js'
import { checkEncodingType, checkMaxKeys, lastOf, renderEntries } from './listing.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

// The token is the next page's inclusive start (UTF-8 after a version byte), opaque to clients.
const decodeToken = (token: string): string => {
  const raw = Buffer.from(token, 'base64url')
  if (raw.length === 0 || raw[0] !== 1)
    throw invalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    )
  return raw.toString('utf8', 1)
}

const encodeToken = (from: string): string =>
  Buffer.concat([Buffer.of(1), Buffer.from(from)]).toString('base64url')

export const ListObjectsV2: Handler<ListObjectsV2Request, ListObjectsV2Output> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const maxKeys = checkMaxKeys(input.MaxKeys)
  checkEncodingType(input.EncodingType)
  const prefix = input.Prefix ?? ''
  const delimiter = input.Delimiter || undefined
  let from = input.StartAfter ? afterKey(input.StartAfter) : ''
  if (input.ContinuationToken) from = decodeToken(input.ContinuationToken)
  const res = s3Of(ctx).store.listObjects(bucket.name, {
    prefix,
    ...(delimiter ? { delimiter } : {}),
    from,
    maxKeys,
  })
  const out: ListObjectsV2Output = {
    Name: bucket.name,
    Prefix: prefix,
    MaxKeys: input.MaxKeys ?? 1000,
    KeyCount: res.entries.length,
    IsTruncated: res.isTruncated,
    ...renderEntries(res.entries, input.FetchOwner ? ownerOf(bucket.account) : undefined),
  }
  if (delimiter) out.Delimiter = delimiter
  if (input.EncodingType) out.EncodingType = input.EncodingType
  if (input.StartAfter !== undefined) out.StartAfter = input.StartAfter
  if (input.ContinuationToken !== undefined) out.ContinuationToken = input.ContinuationToken
  if (res.isTruncated) {
    const last = res.entries.at(-1)!
    const next = last.kind === 'prefix' ? successorOf(last.prefix) : afterKey(lastOf(res.entries)!)
    if (next !== undefined) out.NextContinuationToken = encodeToken(next)
  }
  return out
}
