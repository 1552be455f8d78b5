/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html */
import type { ListUsersRequest, ListUsersResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, byPrefix, page } from './domain.js'
import { userView } from './views.js'

export const ListUsers: Handler<ListUsersRequest, ListUsersResponse> = (input, ctx) => {
  const rows = byPrefix(accountOf(ctx).users.values(), input.PathPrefix)
  const { items, ...rest } = page(rows, input.Marker, input.MaxItems)
  return { Users: items.map((u) => userView(u)), ...rest }
}
