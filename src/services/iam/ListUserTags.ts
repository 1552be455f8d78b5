/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserTags.html */
import type { ListUserTagsRequest, ListUserTagsResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustUser, page } from './domain.js'

export const ListUserTags: Handler<ListUserTagsRequest, ListUserTagsResponse> = (input, ctx) => {
  const { items, ...rest } = page(
    mustUser(accountOf(ctx), input.UserName).tags,
    input.Marker,
    input.MaxItems,
  )
  return { Tags: items, ...rest }
}
