/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html */
import type { ListGroupsForUserRequest, ListGroupsForUserResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustUser, page } from './domain.js'
import { groupView } from './views.js'

export const ListGroupsForUser: Handler<ListGroupsForUserRequest, ListGroupsForUserResponse> = (
  input,
  ctx,
) => {
  const a = accountOf(ctx)
  const user = mustUser(a, input.UserName)
  const groups = user.groups.flatMap((n) => {
    const g = a.groups.get(n.toLowerCase())
    return g ? [groupView(g)] : []
  })
  const { items, ...rest } = page(groups, input.Marker, input.MaxItems)
  return { Groups: items, ...rest }
}
