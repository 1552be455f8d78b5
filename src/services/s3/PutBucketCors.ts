// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
import type { PutBucketCorsRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { invalidRequest, malformedXml } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE'])

export const PutBucketCors: Handler<PutBucketCorsRequest, Record<string, never>> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const rules = input.CORSConfiguration.CORSRules ?? []
  if (rules.length === 0 || rules.length > 100) throw malformedXml()
  for (const r of rules) {
    if (!r.AllowedMethods?.length || !r.AllowedOrigins?.length) throw malformedXml()
    for (const m of r.AllowedMethods)
      if (!METHODS.has(m))
        throw invalidRequest(
          `Found unsupported HTTP method in CORS config. Unsupported method is ${m}`,
        )
  }
  s3Of(ctx).store.updateConfig(bucket.name, (c) => ({ ...c, cors: rules }))
  return {}
}
