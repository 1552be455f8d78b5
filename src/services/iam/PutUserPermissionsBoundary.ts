/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html */
import type { PutUserPermissionsBoundaryRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustAttachable, mustUser } from './domain.js'

export const PutUserPermissionsBoundary: Handler<
  PutUserPermissionsBoundaryRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    const row = mustUser(a, input.UserName)
    mustAttachable(a, input.PermissionsBoundary)
    store.put(ctx.account, 'user', row.name.toLowerCase(), {
      ...row,
      boundary: input.PermissionsBoundary,
    })
    return {}
  })
