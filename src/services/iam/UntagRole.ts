/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html */
import type { UntagRoleRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustRole } from './domain.js'

export const UntagRole: Handler<UntagRoleRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const role = mustRole(a, input.RoleName)
    const tags = role.tags.filter((t) => !input.TagKeys.includes(t.Key))
    store.put(ctx.account, 'role', role.name.toLowerCase(), { ...role, tags })
    return {}
  })
