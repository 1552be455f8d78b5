// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
// Not supported: ACLs other than the owner's FULL_CONTROL (ACLs disabled, as on new AWS buckets).
import type { PutBucketAclRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { checkAclWrite } from './acl.js'
import { bucketFor } from './names.js'

export const PutBucketAcl: Handler<PutBucketAclRequest, Record<string, never>> = (input, ctx) => {
  checkAclWrite(input, bucketFor(ctx, input.Bucket).account)
  return {}
}
