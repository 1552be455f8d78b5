/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html */
import type { TagRoleRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'
import { mergeTags } from './tags.js'

export const TagRole: Handler<TagRoleRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const role = mustRole(a, input.RoleName)
    store.put(ctx.account, 'role', role.name.toLowerCase(), {
      ...role,
      tags: mergeTags(role.tags, input.Tags),
    })
    return {}
  })
