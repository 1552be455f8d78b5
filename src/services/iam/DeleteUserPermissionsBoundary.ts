/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html */
import type { DeleteUserPermissionsBoundaryRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustUser } from './domain.js'

export const DeleteUserPermissionsBoundary: Handler<
  DeleteUserPermissionsBoundaryRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const { boundary: _dropped, ...row } = mustUser(a, input.UserName)
    store.put(ctx.account, 'user', row.name.toLowerCase(), row)
    return {}
  })
