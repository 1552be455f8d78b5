/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html */
import type { CreateGroupRequest, CreateGroupResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, normalizePath } from './domain.js'
import { alreadyExists } from './errors.js'
import { type GroupRow, newId } from './store.js'
import { groupView } from './views.js'

export const CreateGroup: Handler<CreateGroupRequest, CreateGroupResponse> = (input, ctx) =>
  change(ctx, (a, store) => {
    const key = input.GroupName.toLowerCase()
    if (a.groups.has(key)) throw alreadyExists('group', input.GroupName)
    const path = normalizePath(input.Path)
    const row: GroupRow = {
      name: input.GroupName,
      path,
      id: newId('AGPA'),
      arn: `arn:aws:iam::${ctx.account}:group${path}${input.GroupName}`,
      createDate: ctx.now(),
      inline: [],
      attached: [],
    }
    store.put(ctx.account, 'group', key, row)
    return { Group: groupView(row) }
  })
