/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html */
import type { PutGroupPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { putInline } from './attachments.js'

export const PutGroupPolicy: Handler<PutGroupPolicyRequest, Record<string, never>> = (input, ctx) =>
  putInline(ctx, 'group', input.GroupName, input.PolicyName, input.PolicyDocument)
