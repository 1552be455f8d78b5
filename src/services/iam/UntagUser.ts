/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagUser.html */
import type { UntagUserRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustUser } from './domain.js'

export const UntagUser: Handler<UntagUserRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const user = mustUser(a, input.UserName)
    const tags = user.tags.filter((t) => !input.TagKeys.includes(t.Key))
    store.put(ctx.account, 'user', user.name.toLowerCase(), { ...user, tags })
    return {}
  })
