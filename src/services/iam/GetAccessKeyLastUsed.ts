/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html */
import type { GetAccessKeyLastUsedRequest, GetAccessKeyLastUsedResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf } from './domain.js'
import { noSuchAccessKey } from './errors.js'

/** Not supported: last-used tracking (AWS reports N/A for keys never used, as here). */
export const GetAccessKeyLastUsed: Handler<
  GetAccessKeyLastUsedRequest,
  GetAccessKeyLastUsedResponse
> = (input, ctx) => {
  const key = accountOf(ctx).accessKeys.get(input.AccessKeyId)
  if (!key) throw noSuchAccessKey(input.AccessKeyId)
  return { UserName: key.userName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } }
}
