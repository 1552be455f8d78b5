// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
import type {
  GetPublicAccessBlockOutput,
  GetPublicAccessBlockRequest,
  PublicAccessBlockConfiguration,
} from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { noSuchPublicAccessBlock } from './errors.js'
import { bucketFor } from './names.js'

export const GetPublicAccessBlock: Handler<
  GetPublicAccessBlockRequest,
  GetPublicAccessBlockOutput
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  if (!bucket.config.publicAccessBlock) throw noSuchPublicAccessBlock(bucket.name)
  return {
    PublicAccessBlockConfiguration: bucket.config
      .publicAccessBlock as PublicAccessBlockConfiguration,
  }
}
