/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html */
import type { DeleteRolePolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { deleteInline } from './attachments.js'

export const DeleteRolePolicy: Handler<DeleteRolePolicyRequest, Record<string, never>> = (
  input,
  ctx,
) => deleteInline(ctx, 'role', input.RoleName, input.PolicyName)
