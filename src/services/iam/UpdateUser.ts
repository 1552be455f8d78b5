/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html */
import type { UpdateUserRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustUser } from './domain.js'
import { alreadyExists } from './errors.js'

/** Not supported: renaming a user who has access keys or groups keeps them (AWS does too). */
export const UpdateUser: Handler<UpdateUserRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const user = mustUser(a, input.UserName)
    const newName = input.NewUserName ?? user.name
    if (newName.toLowerCase() !== user.name.toLowerCase() && a.users.has(newName.toLowerCase())) {
      throw alreadyExists('user', newName)
    }
    store.delete(ctx.account, 'user', user.name.toLowerCase())
    for (const k of a.accessKeys.values()) {
      if (k.userName === user.name)
        store.put(ctx.account, 'accesskey', k.id, { ...k, userName: newName })
    }
    const path = input.NewPath ?? user.path
    const row = {
      ...user,
      name: newName,
      path,
      arn: `arn:aws:iam::${ctx.account}:user${path}${newName}`,
    }
    store.put(ctx.account, 'user', newName.toLowerCase(), row)
    return {}
  })
