/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html */
import type { ListAccessKeysRequest, ListAccessKeysResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, mustUser, page } from './domain.js'
import { accessKeyView } from './views.js'

export const ListAccessKeys: Handler<ListAccessKeysRequest, ListAccessKeysResponse> = (
  input,
  ctx,
) => {
  const a = accountOf(ctx)
  const name = input.UserName ?? (ctx.principal.kind === 'user' ? ctx.principal.name : undefined)
  const keys = name
    ? [...a.accessKeys.values()].filter((k) => k.userName === mustUser(a, name).name)
    : []
  const { items, ...rest } = page(keys.map(accessKeyView), input.Marker, input.MaxItems)
  return { AccessKeyMetadata: items, ...rest }
}
