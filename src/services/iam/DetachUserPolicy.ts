/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html */
import type { DetachUserPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { detachPolicy } from './attachments.js'

export const DetachUserPolicy: Handler<DetachUserPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => detachPolicy(ctx, 'user', input.UserName, input.PolicyArn)
