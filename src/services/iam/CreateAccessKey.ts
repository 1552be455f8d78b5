/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html */
import type { CreateAccessKeyRequest, CreateAccessKeyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { credentialOf } from './credentials.js'
import { change, iamOf, mustUser } from './domain.js'
import { needsUserName, quota } from './errors.js'
import { type AccessKeyRow, newId, newSecret } from './store.js'

/** Keys of the caller when UserName is absent; the root's own keys are not IAM's to create. */
export const CreateAccessKey: Handler<CreateAccessKeyRequest, CreateAccessKeyResponse> = (
  input,
  ctx,
) => {
  const name = input.UserName ?? (ctx.principal.kind === 'user' ? ctx.principal.name : undefined)
  if (!name) throw needsUserName()
  return change(ctx, (a, store) => {
    const user = mustUser(a, name)
    const count = [...a.accessKeys.values()].filter((k) => k.userName === user.name).length
    if (count >= 2) throw quota('AccessKeysPerUser', 2)
    const row: AccessKeyRow = {
      id: newId('AKIA', 16),
      secret: newSecret(),
      userName: user.name,
      status: 'Active',
      createDate: ctx.now(),
    }
    store.put(ctx.account, 'accesskey', row.id, row)
    iamOf(ctx).credentials.add(credentialOf(ctx.account, row, user))
    return {
      AccessKey: {
        UserName: user.name,
        AccessKeyId: row.id,
        Status: 'Active',
        SecretAccessKey: row.secret,
        CreateDate: new Date(row.createDate),
      },
    }
  })
}
