/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html */
import type { AttachRolePolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { attachPolicy } from './attachments.js'

export const AttachRolePolicy: Handler<AttachRolePolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => attachPolicy(ctx, 'role', input.RoleName, input.PolicyArn)
