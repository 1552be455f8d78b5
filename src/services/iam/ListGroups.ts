/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html */
import type { ListGroupsRequest, ListGroupsResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, byPrefix, page } from './domain.js'
import { groupView } from './views.js'

export const ListGroups: Handler<ListGroupsRequest, ListGroupsResponse> = (input, ctx) => {
  const rows = byPrefix(accountOf(ctx).groups.values(), input.PathPrefix)
  const { items, ...rest } = page(rows, input.Marker, input.MaxItems)
  return { Groups: items.map(groupView), ...rest }
}
