/**
 * Bucket and key naming rules.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
import type { Ctx } from '../types.js'
import { accessDenied, invalidBucketName, invalidUri, keyTooLong, noSuchBucket } from './errors.js'
import { s3Of } from './state.js'
import type { BucketRow } from './store.js'

export const isValidBucketName = (name: string): boolean =>
  name.length >= 3 &&
  name.length <= 63 &&
  /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
  !name.includes('..') &&
  !name.includes('.-') &&
  !name.includes('-.') &&
  !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
  !name.startsWith('xn--') &&
  !name.startsWith('sthree-') &&
  !name.endsWith('-s3alias') &&
  !name.endsWith('--ol-s3')

export const checkBucketName = (name: string): void => {
  if (!isValidBucketName(name)) throw invalidBucketName(name)
}

/** A lone UTF-16 surrogate (the `u` flag pairs the well-formed ones into one code point). */
const LONE_SURROGATE = /\p{Cs}/u

/** Keys are UTF-8 (a lone surrogate has no UTF-8 form) of at most 1024 bytes. */
export const checkKey = (key: string): void => {
  if (LONE_SURROGATE.test(key)) throw invalidUri()
  const size = Buffer.byteLength(key)
  if (size > 1024) throw keyTooLong(size)
}

/** The bucket a request names; its owner account must be the caller's. */
export const bucketFor = (ctx: Ctx, name: string): BucketRow => {
  const bucket = s3Of(ctx).store.getBucket(name)
  if (!bucket) throw noSuchBucket(name)
  if (bucket.account !== ctx.account && ctx.principal.kind !== 'anonymous') throw accessDenied()
  return bucket
}
