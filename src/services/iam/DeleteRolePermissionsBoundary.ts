/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html */
import type { DeleteRolePermissionsBoundaryRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'

export const DeleteRolePermissionsBoundary: Handler<
  DeleteRolePermissionsBoundaryRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const { boundary: _dropped, ...row } = mustRole(a, input.RoleName)
    store.put(ctx.account, 'role', row.name.toLowerCase(), row)
    return {}
  })
