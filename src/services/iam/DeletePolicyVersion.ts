/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html */
import type { DeletePolicyVersionRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { change, checkPolicyArn } from './domain.js'
import { deleteConflict, noSuchPolicyVersion } from './errors.js'

export const DeletePolicyVersion: Handler<DeletePolicyVersionRequest, Record<string, never>> = (
  input,
  ctx,
) =>
  change(ctx, (a, store) => {
    checkPolicyArn(input.PolicyArn)
    const p = a.policies.get(input.PolicyArn)
    if (!p?.versions.some((v) => v.id === input.VersionId)) {
      throw noSuchPolicyVersion(input.PolicyArn, input.VersionId)
    }
    if (p.defaultVersion === input.VersionId)
      throw deleteConflict('Cannot delete the default version of a policy.')
    store.put(ctx.account, 'policy', p.arn, {
      ...p,
      versions: p.versions.filter((v) => v.id !== input.VersionId),
    })
    return {}
  })
