// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
// Not supported: ACLs other than the owner's FULL_CONTROL (ACLs disabled, as on new AWS buckets).
import type { PutObjectAclOutput, PutObjectAclRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { checkAclWrite } from './acl.js'
import { findObject } from './object-read.js'

export const PutObjectAcl: Handler<PutObjectAclRequest, PutObjectAclOutput> = (input, ctx) => {
  checkAclWrite(input, findObject(ctx, input.Bucket, input.Key, input.VersionId).bucket.account)
  return {}
}
