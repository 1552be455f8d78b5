/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html */
import type { SetDefaultPolicyVersionRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, checkPolicyArn } from './domain.js'
import { noSuchPolicyVersion } from './errors.js'

export const SetDefaultPolicyVersion: Handler<
  SetDefaultPolicyVersionRequest,
  Record<string, never>
> = (input, ctx) =>
  change(ctx, (a, store) => {
    checkPolicyArn(input.PolicyArn)
    const p = a.policies.get(input.PolicyArn)
    if (!p?.versions.some((v) => v.id === input.VersionId)) {
      throw noSuchPolicyVersion(input.PolicyArn, input.VersionId)
    }
    store.put(ctx.account, 'policy', p.arn, {
      ...p,
      defaultVersion: input.VersionId,
      updateDate: ctx.now(),
    })
    return {}
  })
