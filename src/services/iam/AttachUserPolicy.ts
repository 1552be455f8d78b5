/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html */
import type { AttachUserPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { attachPolicy } from './attachments.js'

export const AttachUserPolicy: Handler<AttachUserPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => attachPolicy(ctx, 'user', input.UserName, input.PolicyArn)
