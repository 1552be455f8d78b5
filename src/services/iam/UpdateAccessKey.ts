/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html */
import type { UpdateAccessKeyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, iamOf, mustUser } from './domain.js'
import { noSuchAccessKey } from './errors.js'

export const UpdateAccessKey: Handler<UpdateAccessKeyRequest, Record<string, never>> = (
  input,
  ctx,
) =>
  change(ctx, (a, store) => {
    const key = a.accessKeys.get(input.AccessKeyId)
    const name = input.UserName ?? key?.userName
    if (name) mustUser(a, name)
    if (!key || key.userName !== name) throw noSuchAccessKey(input.AccessKeyId)
    store.put(ctx.account, 'accesskey', key.id, { ...key, status: input.Status })
    iamOf(ctx).credentials.setActive(key.id, input.Status === 'Active')
    return {}
  })
