/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html */
import type { PutUserPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { putInline } from './attachments.js'

export const PutUserPolicy: Handler<PutUserPolicyRequest, Record<string, never>> = (input, ctx) =>
  putInline(ctx, 'user', input.UserName, input.PolicyName, input.PolicyDocument)
