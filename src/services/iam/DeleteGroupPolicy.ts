/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroupPolicy.html */
import type { DeleteGroupPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { deleteInline } from './attachments.js'

export const DeleteGroupPolicy: Handler<DeleteGroupPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => deleteInline(ctx, 'group', input.GroupName, input.PolicyName)
