/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html */
import type { AttachGroupPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { attachPolicy } from './attachments.js'

export const AttachGroupPolicy: Handler<AttachGroupPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => attachPolicy(ctx, 'group', input.GroupName, input.PolicyArn)
