/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html */
import type { ListRolesRequest, ListRolesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, byPrefix, page } from './domain.js'
import { roleView } from './views.js'

export const ListRoles: Handler<ListRolesRequest, ListRolesResponse> = (input, ctx) => {
  const rows = byPrefix(accountOf(ctx).roles.values(), input.PathPrefix)
  const { items, ...rest } = page(rows, input.Marker, input.MaxItems)
  return { Roles: items.map((r) => roleView(r)), ...rest }
}
