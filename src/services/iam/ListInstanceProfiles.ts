/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html */
import type { ListInstanceProfilesRequest, ListInstanceProfilesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, byPrefix, page } from './domain.js'
import { instanceProfileView } from './views.js'

export const ListInstanceProfiles: Handler<
  ListInstanceProfilesRequest,
  ListInstanceProfilesResponse
> = (input, ctx) => {
  const a = accountOf(ctx)
  const { items, ...rest } = page(
    byPrefix(a.instanceProfiles.values(), input.PathPrefix),
    input.Marker,
    input.MaxItems,
  )
  return { InstanceProfiles: items.map((p) => instanceProfileView(a, p)), ...rest }
}
