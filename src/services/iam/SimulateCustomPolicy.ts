/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 * Not supported: ResourceHandlingOption, ResourceOwner, OrderedOrganizationPolicyInputList
 * (accepted, ignored); MatchedStatements carry no positions.
 */
import type { SimulateCustomPolicyRequest, SimulatePolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { page } from './domain.js'
import { simulate } from './simulate.js'

export const SimulateCustomPolicy: Handler<SimulateCustomPolicyRequest, SimulatePolicyResponse> = (
  input,
  ctx,
) => {
  const source = {
    principal: {
      kind: 'user' as const,
      account: ctx.account,
      arn: input.CallerArn ?? `arn:aws:iam::${ctx.account}:user/simulated`,
    },
    identity: [],
  }
  const { items, ...rest } = page(simulate(source, input, ctx), input.Marker, input.MaxItems)
  return { EvaluationResults: items, ...rest }
}
