/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachGroupPolicy.html */
import type { DetachGroupPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { detachPolicy } from './attachments.js'

export const DetachGroupPolicy: Handler<DetachGroupPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => detachPolicy(ctx, 'group', input.GroupName, input.PolicyArn)
