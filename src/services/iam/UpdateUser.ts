/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html */
import type { UpdateUserRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { credentialOf } from './credentials.js'
import { change, iamOf, mustUser } from './domain.js'
import { alreadyExists } from './errors.js'

/** A renamed user keeps its keys and groups (as on AWS); its keys now sign as the new ARN. */
export const UpdateUser: Handler<UpdateUserRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const user = mustUser(a, input.UserName)
    const newName = input.NewUserName ?? user.name
    if (newName.toLowerCase() !== user.name.toLowerCase() && a.users.has(newName.toLowerCase())) {
      throw alreadyExists('user', newName)
    }
    store.delete(ctx.account, 'user', user.name.toLowerCase())
    const path = input.NewPath ?? user.path
    const row = {
      ...user,
      name: newName,
      path,
      arn: `arn:aws:iam::${ctx.account}:user${path}${newName}`,
    }
    store.put(ctx.account, 'user', newName.toLowerCase(), row)
    for (const k of a.accessKeys.values()) {
      if (k.userName !== user.name) continue
      const key = { ...k, userName: newName }
      store.put(ctx.account, 'accesskey', k.id, key)
      iamOf(ctx).credentials.add(credentialOf(ctx.account, key, row))
    }
    return {}
  })
