/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html */
import type { GetUserRequest, GetUserResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustUser } from './domain.js'
import { needsUserName } from './errors.js'
import { userView } from './views.js'

/** Without UserName, the caller itself: an IAM user, or the account root. */
export const GetUser: Handler<GetUserRequest, GetUserResponse> = (input, ctx) => {
  const name = input.UserName ?? (ctx.principal.kind === 'user' ? ctx.principal.name : undefined)
  if (!name) {
    if (ctx.principal.kind !== 'root') throw needsUserName()
    return {
      User: {
        Path: '/',
        UserName: '',
        UserId: ctx.principal.userId,
        Arn: ctx.principal.arn,
        CreateDate: new Date(0),
      },
    }
  }
  return { User: userView(mustUser(accountOf(ctx), name), true) }
}
