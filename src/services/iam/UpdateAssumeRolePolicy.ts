/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html */
import type { UpdateAssumeRolePolicyRequest } from '../../gen/iam.js'
import { policySize } from '../../iam/policy.js'
import type { Handler } from '../types.js'
import { change, mustRole, TRUST_POLICY_SIZE, validateDocument } from './domain.js'
import { quota } from './errors.js'

export const UpdateAssumeRolePolicy: Handler<
  UpdateAssumeRolePolicyRequest,
  Record<string, never>
> = (input, ctx) => {
  validateDocument(input.PolicyDocument, 'trust')
  if (policySize(input.PolicyDocument) > TRUST_POLICY_SIZE)
    throw quota('ACLSizePerRole', TRUST_POLICY_SIZE)
  return change(ctx, (a, store) => {
    const role = mustRole(a, input.RoleName)
    store.put(ctx.account, 'role', role.name.toLowerCase(), {
      ...role,
      trust: input.PolicyDocument,
    })
    return {}
  })
}
