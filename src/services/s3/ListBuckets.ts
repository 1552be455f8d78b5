// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
import type { ListBucketsOutput, ListBucketsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerOf } from './acl.js'
import { invalidArgument } from './errors.js'
import { s3Of } from './state.js'

const decodeToken = (token: string): string => {
  const name = Buffer.from(token, 'base64url').toString('utf8')
  if (!name)
    throw invalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    )
  return name
}

export const ListBuckets: Handler<ListBucketsRequest, ListBucketsOutput> = (input, ctx) => {
  const max = input.MaxBuckets ?? 10000
  if (max < 1 || max > 10000)
    throw invalidArgument(
      'Argument max-buckets must be an integer between 1 and 10000',
      'max-buckets',
      String(max),
    )
  const after = input.ContinuationToken ? decodeToken(input.ContinuationToken) : ''
  const rows = s3Of(ctx)
    .store.listBuckets(ctx.account, after, input.Prefix ?? '', max + 1)
    .filter((b) => !input.BucketRegion || b.region === input.BucketRegion)
  const page = rows.slice(0, max)
  const out: ListBucketsOutput = {
    Buckets: page.map((b) => ({
      Name: b.name,
      CreationDate: new Date(b.createdAt),
      BucketRegion: b.region,
      BucketArn: `arn:aws:s3:::${b.name}`,
    })),
    Owner: ownerOf(ctx.account),
  }
  if (input.Prefix !== undefined) out.Prefix = input.Prefix
  if (rows.length > max)
    out.ContinuationToken = Buffer.from(page.at(-1)!.name).toString('base64url')
  return out
}
