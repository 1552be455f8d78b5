/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html */
import type { DeleteUserPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { deleteInline } from './attachments.js'

export const DeleteUserPolicy: Handler<DeleteUserPolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => deleteInline(ctx, 'user', input.UserName, input.PolicyName)
