// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// The policy is stored as sent; src/iam/ evaluates it (through bucketPolicyOf).
import type { PutBucketPolicyRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { malformedPolicy, POLICY_NO_STATEMENT, POLICY_NOT_JSON } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const PutBucketPolicy: Handler<PutBucketPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const text = input.Policy.trim()
  if (!text.startsWith('{')) throw malformedPolicy(POLICY_NOT_JSON)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw malformedPolicy(POLICY_NOT_JSON)
  }
  const statements = (doc as { Statement?: unknown }).Statement
  if (statements === undefined || (Array.isArray(statements) && statements.length === 0))
    throw malformedPolicy(POLICY_NO_STATEMENT)
  s3Of(ctx).store.updateConfig(bucket.name, (c) => ({ ...c, policy: input.Policy }))
  return {}
}
