// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketCors.html
import type { CORSRule, GetBucketCorsOutput, GetBucketCorsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { noSuchCors } from './errors.js'
import { bucketFor } from './names.js'

export const GetBucketCors: Handler<GetBucketCorsRequest, GetBucketCorsOutput> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  if (!bucket.config.cors) throw noSuchCors(bucket.name)
  return { CORSRules: bucket.config.cors as CORSRule[] }
}
