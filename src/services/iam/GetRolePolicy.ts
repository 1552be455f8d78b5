/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html */
import type { GetRolePolicyRequest, GetRolePolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { getInlinePolicy } from './attachments.js'

export const GetRolePolicy: Handler<GetRolePolicyRequest, GetRolePolicyResponse> = (
  input,
  ctx,
) => ({
  RoleName: input.RoleName,
  ...getInlinePolicy(ctx, 'role', input.RoleName, input.PolicyName),
})
