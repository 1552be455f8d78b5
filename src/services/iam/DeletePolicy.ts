/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html */
import type { DeletePolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { attachmentsOf, change, checkPolicyArn } from './domain.js'
import { deleteConflict, noSuchPolicy, unmodifiable } from './errors.js'
import { AWS_MANAGED } from './managed-policies.js'

export const DeletePolicy: Handler<DeletePolicyRequest, Record<string, never>> = (input, ctx) =>
  change(ctx, (a, store) => {
    checkPolicyArn(input.PolicyArn)
    if (AWS_MANAGED.has(input.PolicyArn))
      throw unmodifiable(`Cannot delete policy ${input.PolicyArn}.`)
    const p = a.policies.get(input.PolicyArn)
    if (!p) throw noSuchPolicy(input.PolicyArn)
    const { users, groups, roles } = attachmentsOf(a, p.arn)
    if (users.length + groups.length + roles.length > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.')
    }
    if (p.versions.length > 1)
      throw deleteConflict('Cannot delete a policy with non-default versions.')
    store.delete(ctx.account, 'policy', p.arn)
    return {}
  })
