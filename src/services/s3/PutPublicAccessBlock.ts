// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
// Stored and returned; src/iam/ reads it when deciding on public access.
import type { PutPublicAccessBlockRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const PutPublicAccessBlock: Handler<PutPublicAccessBlockRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const c = input.PublicAccessBlockConfiguration
  const publicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls ?? false,
    IgnorePublicAcls: c.IgnorePublicAcls ?? false,
    BlockPublicPolicy: c.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  }
  s3Of(ctx).store.updateConfig(bucket.name, (cfg) => ({ ...cfg, publicAccessBlock }))
  return {}
}
