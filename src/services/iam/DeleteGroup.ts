/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html */
import type { DeleteGroupRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustGroup } from './domain.js'
import { deleteConflict } from './errors.js'

export const DeleteGroup: Handler<DeleteGroupRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const group = mustGroup(a, input.GroupName)
    if (group.inline.length > 0)
      throw deleteConflict('Cannot delete entity, must delete policies first.')
    if (group.attached.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.')
    if ([...a.users.values()].some((u) => u.groups.includes(group.name))) {
      throw deleteConflict('Cannot delete entity, must remove users from group first.')
    }
    store.delete(ctx.account, 'group', group.name.toLowerCase())
    return {}
  })
