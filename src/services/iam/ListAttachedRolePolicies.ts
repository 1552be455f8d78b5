/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html */
import type {
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
} from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listAttached } from './attachments.js'

export const ListAttachedRolePolicies: Handler<
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse
> = (input, ctx) => listAttached(ctx, 'role', input.RoleName, input)
