/** One decision for a principal, for services acting on a caller's or a role's behalf. */
import type { Principal } from '../server/principal.js'
import type { RequestContext } from './conditions.js'
import { isContext, type RequestFacts, requestContext } from './context.js'
import { type Decision, denialMessage } from './evaluator.js'
import { authorizerOf, type IamHost, iamStateOf } from './host.js'
import { resourcePolicyFor } from './resource-policies.js'

export interface AuthzResult extends Decision {
  message: string
}

/** One decision: may `principal` perform `action` on `resource`? The root is always allowed. */
export const authorize = async (
  host: IamHost,
  principal: Principal,
  action: string,
  resource: string,
  context: RequestContext | RequestFacts = {},
): Promise<AuthzResult> => {
  if (principal.kind === 'root')
    return { allowed: true, reason: 'allowed', matched: [], message: '' }
  const state = await iamStateOf(host)
  const ctx = isContext(context) ? context : requestContext(principal, host.now(), context)
  const service = action.slice(0, action.indexOf(':'))
  const policy = await resourcePolicyFor(host, service, resource)
  const d = authorizerOf(state).decide(principal, action, resource, ctx, policy)
  return {
    ...d,
    message: d.allowed ? '' : denialMessage(principal.arn, action, resource, d.reason, d.policyArn),
  }
}

/**
 * iam:PassRole: may `principal` hand `roleArn` to `servicePrincipal` (CreateCrawler,
 * CreateDeliveryStream, PutIntegration with credentials)? The service checks this when it is
 * given a role; `iam:PassedToService` is set as AWS sets it.
 */
export const authorizePassRole = (
  host: IamHost,
  principal: Principal,
  roleArn: string,
  servicePrincipal: string,
): Promise<AuthzResult> =>
  authorize(host, principal, 'iam:PassRole', roleArn, {
    extra: { 'iam:PassedToService': servicePrincipal },
  })
