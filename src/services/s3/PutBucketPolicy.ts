// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// The policy is stored as sent; src/iam/ evaluates it (through bucketPolicyOf).
import type { PutBucketPolicyRequest } from '../../gen/s3.js'
import { AwsError } from '../../server/errors.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

const malformedPolicy = (message: string): AwsError => new AwsError('MalformedPolicy', message, 400)

export const PutBucketPolicy: Handler<PutBucketPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const text = input.Policy.trim()
  if (!text.startsWith('{'))
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
  }
  const statements = (doc as { Statement?: unknown }).Statement
  if (statements === undefined || (Array.isArray(statements) && statements.length === 0))
    throw malformedPolicy('Missing required field Statement')
  s3Of(ctx).store.updateConfig(bucket.name, (c) => ({ ...c, policy: input.Policy }))
  return {}
}
