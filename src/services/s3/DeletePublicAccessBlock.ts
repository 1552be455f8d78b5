// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html
import type { DeletePublicAccessBlockRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const DeletePublicAccessBlock: Handler<
  DeletePublicAccessBlockRequest,
  Record<string, never>
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  s3Of(ctx).store.updateConfig(bucket.name, ({ publicAccessBlock: _, ...rest }) => rest)
  return {}
}
