/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html */
import type { TagUserRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, mustUser } from './domain.js'
import { mergeTags } from './tags.js'

export const TagUser: Handler<TagUserRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    const user = mustUser(a, input.UserName)
    store.put(ctx.account, 'user', user.name.toLowerCase(), {
      ...user,
      tags: mergeTags(user.tags, input.Tags),
    })
    return {}
  })
