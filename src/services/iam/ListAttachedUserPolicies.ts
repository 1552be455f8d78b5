/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html */
import type {
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse,
} from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { listAttached } from './attachments.js'

export const ListAttachedUserPolicies: Handler<
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse
> = (input, ctx) => listAttached(ctx, 'user', input.UserName, input)
