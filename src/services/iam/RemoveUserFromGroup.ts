/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html */
import type { RemoveUserFromGroupRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustGroup, mustUser } from './domain.js'
import { noSuchEntity } from './errors.js'

export const RemoveUserFromGroup: Handler<RemoveUserFromGroupRequest, Record<string, never>> = (
  input,
  ctx,
) =>
  change(ctx, (a, store) => {
    const group = mustGroup(a, input.GroupName)
    const user = mustUser(a, input.UserName)
    if (!user.groups.includes(group.name)) {
      throw noSuchEntity(`The user with name ${input.UserName} cannot be found.`)
    }
    const groups = user.groups.filter((g) => g !== group.name)
    store.put(ctx.account, 'user', user.name.toLowerCase(), { ...user, groups })
    return {}
  })
