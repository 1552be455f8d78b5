// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html
// Not supported: ACLs other than the owner's FULL_CONTROL (ACLs disabled, as on new AWS buckets).
import type { GetObjectAclOutput, GetObjectAclRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { ownerFullControl } from './acl.js'
import { findObject } from './object-read.js'

export const GetObjectAcl: Handler<GetObjectAclRequest, GetObjectAclOutput> = (input, ctx) =>
  ownerFullControl(findObject(ctx, input.Bucket, input.Key, input.VersionId).bucket.account)
