/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html */
import type { GetPolicyRequest, GetPolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, checkPolicyArn, findManaged } from './domain.js'
import { noSuchPolicy } from './errors.js'
import { policyView } from './views.js'

export const GetPolicy: Handler<GetPolicyRequest, GetPolicyResponse> = (input, ctx) => {
  checkPolicyArn(input.PolicyArn)
  const a = accountOf(ctx)
  const p = findManaged(a, input.PolicyArn)
  if (!p) throw noSuchPolicy(input.PolicyArn)
  return { Policy: policyView(a, p) }
}
