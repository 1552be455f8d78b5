/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html */
import type { ListRolePoliciesRequest, ListRolePoliciesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listInline } from './attachments.js'

export const ListRolePolicies: Handler<ListRolePoliciesRequest, ListRolePoliciesResponse> = (
  input,
  ctx,
) => listInline(ctx, 'role', input.RoleName, input)
