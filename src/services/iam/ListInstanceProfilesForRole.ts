/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html */
import type {
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfilesForRoleResponse,
} from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustRole, page } from './domain.js'
import { instanceProfileView } from './views.js'

export const ListInstanceProfilesForRole: Handler<
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfilesForRoleResponse
> = (input, ctx) => {
  const a = accountOf(ctx)
  const role = mustRole(a, input.RoleName)
  const profiles = [...a.instanceProfiles.values()].filter((p) => p.roles.includes(role.name))
  const { items, ...rest } = page(profiles, input.Marker, input.MaxItems)
  return { InstanceProfiles: items.map((p) => instanceProfileView(a, p)), ...rest }
}
