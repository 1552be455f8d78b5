/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html */
import type { DeleteRoleRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'
import { deleteConflict } from './errors.js'

export const DeleteRole: Handler<DeleteRoleRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const role = mustRole(a, input.RoleName)
    if (role.inline.length > 0)
      throw deleteConflict('Cannot delete entity, must delete policies first.')
    if (role.attached.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.')
    if ([...a.instanceProfiles.values()].some((p) => p.roles.includes(role.name))) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.')
    }
    store.delete(ctx.account, 'role', role.name.toLowerCase())
    return {}
  })
