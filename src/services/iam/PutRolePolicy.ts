/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
import type { PutRolePolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { putInline } from './attachments.js'

export const PutRolePolicy: Handler<PutRolePolicyRequest, Record<string, never>> = (input, ctx) =>
  putInline(ctx, 'role', input.RoleName, input.PolicyName, input.PolicyDocument)
