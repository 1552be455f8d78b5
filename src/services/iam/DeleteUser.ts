/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html */
import type { DeleteUserRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustUser } from './domain.js'
import { deleteConflict } from './errors.js'

export const DeleteUser: Handler<DeleteUserRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const user = mustUser(a, input.UserName)
    if (user.inline.length > 0)
      throw deleteConflict('Cannot delete entity, must delete policies first.')
    if (user.attached.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.')
    if (user.groups.length > 0)
      throw deleteConflict('Cannot delete entity, must remove user from all groups first.')
    if ([...a.accessKeys.values()].some((k) => k.userName === user.name)) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.')
    }
    store.delete(ctx.account, 'user', user.name.toLowerCase())
    return {}
  })
