// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
// Not supported: ACLs, object lock, ObjectOwnership, directory buckets (accepted, ignored).
import type { CreateBucketOutput, CreateBucketRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  illegalLocationConstraint,
  invalidLocationConstraint,
} from './errors.js'
import { checkBucketName } from './names.js'
import { s3Of } from './state.js'

/** The region a bucket lands in, by S3's LocationConstraint rules for the endpoint's region. */
const regionFor = (constraint: string | undefined, endpointRegion: string): string => {
  if (constraint === undefined || constraint === '') {
    if (endpointRegion !== 'us-east-1') throw illegalLocationConstraint(undefined)
    return 'us-east-1'
  }
  // us-east-1 is never named explicitly; EU is the legacy name of eu-west-1.
  if (constraint === 'us-east-1') throw invalidLocationConstraint(constraint)
  const region = constraint === 'EU' ? 'eu-west-1' : constraint
  if (endpointRegion !== 'us-east-1' && region !== endpointRegion)
    throw illegalLocationConstraint(constraint)
  return region
}

export const CreateBucket: Handler<CreateBucketRequest, CreateBucketOutput> = (input, ctx) => {
  const s3 = s3Of(ctx)
  checkBucketName(input.Bucket)
  const region = regionFor(input.CreateBucketConfiguration?.LocationConstraint, ctx.region)
  const existing = s3.store.getBucket(input.Bucket)
  if (existing) {
    if (existing.account !== ctx.account) throw bucketAlreadyExists(input.Bucket)
    // Legacy us-east-1 behaviour: re-creating your own bucket there succeeds.
    if (existing.region !== 'us-east-1' || region !== 'us-east-1')
      throw bucketAlreadyOwnedByYou(input.Bucket)
    return { Location: `/${input.Bucket}` }
  }
  const tags = input.CreateBucketConfiguration?.Tags
  s3.store.createBucket({
    name: input.Bucket,
    account: ctx.account,
    region,
    createdAt: ctx.now(),
    versioning: undefined,
    config: tags?.length ? { tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) } : {},
  })
  return { Location: `/${input.Bucket}`, BucketArn: `arn:aws:s3:::${input.Bucket}` }
}
