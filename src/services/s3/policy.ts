/** Bucket policies for the IAM evaluator (src/iam/), which reads them through this function. */
import type { S3State } from './state.js'

export const bucketPolicyOf = (state: S3State, bucket: string): string | undefined =>
  state.store.getBucket(bucket)?.config.policy
