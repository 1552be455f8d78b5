/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html */
import type { RemoveRoleFromInstanceProfileRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'
import { noSuch, noSuchInstanceProfile } from './errors.js'

export const RemoveRoleFromInstanceProfile: Handler<
  RemoveRoleFromInstanceProfileRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const key = input.InstanceProfileName.toLowerCase()
    const p = a.instanceProfiles.get(key)
    if (!p) throw noSuchInstanceProfile(input.InstanceProfileName)
    const role = mustRole(a, input.RoleName)
    if (!p.roles.includes(role.name)) throw noSuch('role', input.RoleName)
    store.put(ctx.account, 'instanceprofile', key, {
      ...p,
      roles: p.roles.filter((r) => r !== role.name),
    })
    return {}
  })
