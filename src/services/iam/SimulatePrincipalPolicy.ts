/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * Not supported: PolicyExclusionList, ResourceHandlingOption, ResourceOwner (accepted, ignored);
 * MatchedStatements carry no positions.
 */
import type { SimulatePolicyResponse, SimulatePrincipalPolicyRequest } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, page } from './domain.js'
import { invalidArn, noSuchEntity } from './errors.js'
import { simulate, sourceOf } from './simulate.js'

export const SimulatePrincipalPolicy: Handler<
  SimulatePrincipalPolicyRequest,
  SimulatePolicyResponse
> = (input, ctx) => {
  if (!/^arn:aws:iam::\d{12}:(user|group|role)\//.test(input.PolicySourceArn)) {
    throw invalidArn(input.PolicySourceArn)
  }
  const source = sourceOf(accountOf(ctx), input.PolicySourceArn)
  if (!source) throw noSuchEntity(`Entity ${input.PolicySourceArn} does not exist.`)
  const { items, ...rest } = page(simulate(source, input, ctx), input.Marker, input.MaxItems)
  return { EvaluationResults: items, ...rest }
}
