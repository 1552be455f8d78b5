/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html */
import type { GetInstanceProfileRequest, GetInstanceProfileResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf } from './domain.js'
import { noSuchInstanceProfile } from './errors.js'
import { instanceProfileView } from './views.js'

export const GetInstanceProfile: Handler<GetInstanceProfileRequest, GetInstanceProfileResponse> = (
  input,
  ctx,
) => {
  const a = accountOf(ctx)
  const p = a.instanceProfiles.get(input.InstanceProfileName.toLowerCase())
  if (!p) throw noSuchInstanceProfile(input.InstanceProfileName)
  return { InstanceProfile: instanceProfileView(a, p) }
}
