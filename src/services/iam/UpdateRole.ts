/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html */
import type { UpdateRoleRequest, UpdateRoleResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'

export const UpdateRole: Handler<UpdateRoleRequest, UpdateRoleResponse> = (input, ctx) =>
  change(ctx, (a, store) => {
    const role = mustRole(a, input.RoleName)
    const row = {
      ...role,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.MaxSessionDuration !== undefined
        ? { maxSessionDuration: input.MaxSessionDuration }
        : {}),
    }
    store.put(ctx.account, 'role', role.name.toLowerCase(), row)
    return {}
  })
