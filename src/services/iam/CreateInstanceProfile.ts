/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html */
import type { CreateInstanceProfileRequest, CreateInstanceProfileResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, normalizePath } from './domain.js'
import { instanceProfileExists } from './errors.js'
import { type InstanceProfileRow, newId } from './store.js'
import { instanceProfileView } from './views.js'

export const CreateInstanceProfile: Handler<
  CreateInstanceProfileRequest,
  CreateInstanceProfileResponse
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const key = input.InstanceProfileName.toLowerCase()
    if (a.instanceProfiles.has(key)) throw instanceProfileExists(input.InstanceProfileName)
    const path = normalizePath(input.Path)
    const row: InstanceProfileRow = {
      name: input.InstanceProfileName,
      path,
      id: newId('AIPA'),
      arn: `arn:aws:iam::${ctx.account}:instance-profile${path}${input.InstanceProfileName}`,
      createDate: ctx.now(),
      roles: [],
      tags: input.Tags ?? [],
    }
    store.put(ctx.account, 'instanceprofile', key, row)
    return { InstanceProfile: instanceProfileView(a, row) }
  })
