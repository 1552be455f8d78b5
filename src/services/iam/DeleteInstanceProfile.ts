/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html */
import type { DeleteInstanceProfileRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change } from './domain.js'
import { deleteConflict, noSuchInstanceProfile } from './errors.js'

export const DeleteInstanceProfile: Handler<DeleteInstanceProfileRequest, Record<string, never>> = (
  input,
  ctx,
) =>
  change(ctx, (a, store) => {
    const key = input.InstanceProfileName.toLowerCase()
    const p = a.instanceProfiles.get(key)
    if (!p) throw noSuchInstanceProfile(input.InstanceProfileName)
    if (p.roles.length > 0)
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.')
    store.delete(ctx.account, 'instanceprofile', key)
    return {}
  })
