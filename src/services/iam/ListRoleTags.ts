/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html */
import type { ListRoleTagsRequest, ListRoleTagsResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustRole, page } from './domain.js'

export const ListRoleTags: Handler<ListRoleTagsRequest, ListRoleTagsResponse> = (input, ctx) => {
  const { items, ...rest } = page(
    mustRole(accountOf(ctx), input.RoleName).tags,
    input.Marker,
    input.MaxItems,
  )
  return { Tags: items, ...rest }
}
