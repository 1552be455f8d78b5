/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html */
import type { GetGroupRequest, GetGroupResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustGroup, page } from './domain.js'
import { groupView, userView } from './views.js'

export const GetGroup: Handler<GetGroupRequest, GetGroupResponse> = (input, ctx) => {
  const a = accountOf(ctx)
  const group = mustGroup(a, input.GroupName)
  const members = [...a.users.values()].filter((u) => u.groups.includes(group.name))
  const { items, ...rest } = page(members, input.Marker, input.MaxItems)
  return { Group: groupView(group), Users: items.map((u) => userView(u)), ...rest }
}
