/**
 * IAM decisions for the rest of Millrace:
 * - `authorizeRequest`: the pipeline's authorization step (action/resource mapping, modes);
 * - `authorize(host, principal, action, resource, context)`: one decision, for services that
 *   act on a caller's behalf;
 * - `runAsRole(host, roleArn, servicePrincipal)`: a role session for a service (API Gateway
 *   integrations, Firehose, Glue crawlers and jobs) after the role's trust policy allowed it;
 * - `registerResourcePolicyProvider`: where services hand their resource policies to the evaluator.
 */

export { type AuthzResult, authorize, authorizePassRole } from './authorize.js'
export { type RequestFacts, requestContext } from './context.js'
export { type DenialRecord, recentDenials } from './denials.js'
export type { Decision } from './evaluator.js'
export type { IamHost } from './host.js'
export { isPublicPolicy } from './policy.js'
export { accessDenied, authorizeRequest, type RequestToAuthorize } from './request.js'
export { type ResourcePolicyProvider, registerResourcePolicyProvider } from './resource-policies.js'
export { authorizeAssumeRole, type RunAsRoleOptions, runAsRole } from './roles.js'
