/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupPolicies.html */
import type { ListGroupPoliciesRequest, ListGroupPoliciesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listInline } from './attachments.js'

export const ListGroupPolicies: Handler<ListGroupPoliciesRequest, ListGroupPoliciesResponse> = (
  input,
  ctx,
) => listInline(ctx, 'group', input.GroupName, input)
