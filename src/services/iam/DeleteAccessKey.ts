/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html */
import type { DeleteAccessKeyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, iamOf, mustUser } from './domain.js'
import { noSuchAccessKey } from './errors.js'

export const DeleteAccessKey: Handler<DeleteAccessKeyRequest, Record<string, never>> = (
  input,
  ctx,
) =>
  change(ctx, (a, store) => {
    const key = a.accessKeys.get(input.AccessKeyId)
    const name = input.UserName ?? key?.userName
    if (name) mustUser(a, name)
    if (!key || key.userName !== name) throw noSuchAccessKey(input.AccessKeyId)
    store.delete(ctx.account, 'accesskey', key.id)
    store.put(ctx.account, 'revokedkey', key.id, key)
    iamOf(ctx).credentials.setActive(key.id, false)
    return {}
  })
