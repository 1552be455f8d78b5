/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html */
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '../../gen/sts.js'
import type { Handler } from '../types.js'

export const GetCallerIdentity: Handler<GetCallerIdentityRequest, GetCallerIdentityResponse> = (
  _input,
  ctx,
) => ({
  UserId: ctx.principal.userId,
  Account: ctx.principal.account,
  Arn: ctx.principal.arn,
})
