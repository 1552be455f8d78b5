/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html */
import type { ListUserPoliciesRequest, ListUserPoliciesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listInline } from './attachments.js'

export const ListUserPolicies: Handler<ListUserPoliciesRequest, ListUserPoliciesResponse> = (
  input,
  ctx,
) => listInline(ctx, 'user', input.UserName, input)
