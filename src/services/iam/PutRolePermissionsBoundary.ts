/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html */
import type { PutRolePermissionsBoundaryRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustAttachable, mustRole } from './domain.js'

export const PutRolePermissionsBoundary: Handler<
  PutRolePermissionsBoundaryRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const row = mustRole(a, input.RoleName)
    mustAttachable(a, input.PermissionsBoundary)
    store.put(ctx.account, 'role', row.name.toLowerCase(), {
      ...row,
      boundary: input.PermissionsBoundary,
    })
    return {}
  })
