/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroupPolicy.html */
import type { GetGroupPolicyRequest, GetGroupPolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { getInlinePolicy } from './attachments.js'

export const GetGroupPolicy: Handler<GetGroupPolicyRequest, GetGroupPolicyResponse> = (
  input,
  ctx,
) => ({
  GroupName: input.GroupName,
  ...getInlinePolicy(ctx, 'group', input.GroupName, input.PolicyName),
})
