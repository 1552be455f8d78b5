/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedGroupPolicies.html */
import type {
  ListAttachedGroupPoliciesRequest,
  ListAttachedGroupPoliciesResponse,
} from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listAttached } from './attachments.js'

export const ListAttachedGroupPolicies: Handler<
  ListAttachedGroupPoliciesRequest,
  ListAttachedGroupPoliciesResponse
> = (input, ctx) => listAttached(ctx, 'group', input.GroupName, input)
