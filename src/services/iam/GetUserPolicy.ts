/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html */
import type { GetUserPolicyRequest, GetUserPolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { getInlinePolicy } from './attachments.js'

export const GetUserPolicy: Handler<GetUserPolicyRequest, GetUserPolicyResponse> = (
  input,
  ctx,
) => ({
  UserName: input.UserName,
  ...getInlinePolicy(ctx, 'user', input.UserName, input.PolicyName),
})
