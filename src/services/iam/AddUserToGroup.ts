/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html */
import type { AddUserToGroupRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustGroup, mustUser } from './domain.js'
import { quota } from './errors.js'

export const AddUserToGroup: Handler<AddUserToGroupRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const group = mustGroup(a, input.GroupName)
    const user = mustUser(a, input.UserName)
    if (user.groups.includes(group.name)) return {}
    if (user.groups.length >= 10) throw quota('GroupsPerUser', 10)
    store.put(ctx.account, 'user', user.name.toLowerCase(), {
      ...user,
      groups: [...user.groups, group.name],
    })
    return {}
  })
