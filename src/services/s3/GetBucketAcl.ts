// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html
// Not supported: ACLs other than the owner's FULL_CONTROL (ACLs disabled, as on new AWS buckets).
import type { GetBucketAclOutput, GetBucketAclRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerFullControl } from './acl.js'
import { bucketFor } from './names.js'

export const GetBucketAcl: Handler<GetBucketAclRequest, GetBucketAclOutput> = (input, ctx) =>
  ownerFullControl(bucketFor(ctx, input.Bucket).account)
