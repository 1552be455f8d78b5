/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html */
import type { CreateUserRequest, CreateUserResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustAttachable, normalizePath } from './domain.js'
import { alreadyExists } from './errors.js'
import { newId, type UserRow } from './store.js'
import { userView } from './views.js'

export const CreateUser: Handler<CreateUserRequest, CreateUserResponse> = (input, ctx) =>
  change(ctx, (a, store) => {
    const key = input.UserName.toLowerCase()
    if (a.users.has(key)) throw alreadyExists('user', input.UserName)
    if (input.PermissionsBoundary) mustAttachable(a, input.PermissionsBoundary)
    const path = normalizePath(input.Path)
    const row: UserRow = {
      name: input.UserName,
      path,
      id: newId('AIDA'),
      arn: `arn:aws:iam::${ctx.account}:user${path}${input.UserName}`,
      createDate: ctx.now(),
      tags: input.Tags ?? [],
      inline: [],
      attached: [],
      groups: [],
      ...(input.PermissionsBoundary ? { boundary: input.PermissionsBoundary } : {}),
    }
    store.put(ctx.account, 'user', key, row)
    return { User: userView(row, true) }
  })
