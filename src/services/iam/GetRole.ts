/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html */
import type { GetRoleRequest, GetRoleResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustRole } from './domain.js'
import { roleView } from './views.js'

export const GetRole: Handler<GetRoleRequest, GetRoleResponse> = (input, ctx) => ({
  Role: roleView(mustRole(accountOf(ctx), input.RoleName), true),
})
