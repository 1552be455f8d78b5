/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html */
import type { DetachRolePolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { detachPolicy } from './attachments.js'

export const DetachRolePolicy: Handler<DetachRolePolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => detachPolicy(ctx, 'role', input.RoleName, input.PolicyArn)
