/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html */
import type { AddRoleToInstanceProfileRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'
import { noSuchInstanceProfile, quota } from './errors.js'

export const AddRoleToInstanceProfile: Handler<
  AddRoleToInstanceProfileRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const key = input.InstanceProfileName.toLowerCase()
    const p = a.instanceProfiles.get(key)
    if (!p) throw noSuchInstanceProfile(input.InstanceProfileName)
    const role = mustRole(a, input.RoleName)
    if (p.roles.length >= 1) throw quota('InstanceSessionsPerInstanceProfile', 1)
    store.put(ctx.account, 'instanceprofile', key, { ...p, roles: [role.name] })
    return {}
  })
