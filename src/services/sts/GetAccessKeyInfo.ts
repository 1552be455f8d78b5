/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html */
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '../../gen/sts.js'
import type { Handler } from '../types.js'
import { iamStateOf } from './sessions.js'

/** Keys this server knows report their own account; any other key belongs to the default one. */
export const GetAccessKeyInfo: Handler<GetAccessKeyInfoRequest, GetAccessKeyInfoResponse> = async (
  input,
  ctx,
) => {
  const known = (await iamStateOf(ctx)).credentials.lookup(input.AccessKeyId)
  return { Account: known?.principal.account ?? ctx.config.accountId }
}
