/** The pipeline's authorization step: operation → action and resources → decision. */
import type { ServiceModel } from '../protocols/model.js'
import { decodeUriOrKeep } from '../protocols/uri.js'
import { AwsError } from '../server/errors.js'
import type { Principal } from '../server/principal.js'
import type { IamState } from '../services/iam/domain.js'
import { type ActionSpec, actionSpecFor, actionSpecSync, requestTargets } from './actions.js'
import { requestContext } from './context.js'
import { record } from './denials.js'
import { denialMessage } from './evaluator.js'
import { authorizerOf, type IamHost, iamStateOf, openState } from './host.js'
import type { CompiledPolicy } from './policy.js'
import { isRestrictedPublic, notePolicyChange, resourcePolicyFor } from './resource-policies.js'

export interface RequestToAuthorize {
  service: string
  operation: string
  protocol: ServiceModel['protocol']
  principal: Principal
  input: Record<string, unknown>
  region: string
  method: string
  path: string
  sourceIp: string
  isSecure: boolean
}

/** AWS's denial error in each protocol family's form. */
export const accessDenied = (protocol: ServiceModel['protocol'], message: string): AwsError => {
  if (protocol === 'restXml' || protocol === 'awsQuery')
    return new AwsError('AccessDenied', message, 403)
  if (protocol === 'restJson1') return new AwsError('AccessDeniedException', message, 403)
  return new AwsError('AccessDeniedException', message, 400)
}

const serviceKeys = (service: string, input: Record<string, unknown>): Record<string, string> => {
  if (service !== 's3') return {}
  const out: Record<string, string> = {}
  if (typeof input.Prefix === 'string') out['s3:prefix'] = input.Prefix
  if (typeof input.Delimiter === 'string') out['s3:delimiter'] = input.Delimiter
  if (typeof input.MaxKeys === 'number') out['s3:max-keys'] = String(input.MaxKeys)
  return out
}

/**
 * Throws AccessDenied when IAM denies the request (`--iam enforce`); records it in `log` mode.
 * Synchronous once the action's mapping is loaded and the services are open (no await on the
 * hot path); returns a promise only the first time an operation or service is met.
 */
export const authorizeRequest = (host: IamHost, r: RequestToAuthorize): void | Promise<void> => {
  notePolicyChange(host, r.service, r.operation)
  const mode = host.config.iam
  if (mode === 'off' || r.principal.kind === 'root') return
  const spec = actionSpecSync(r.service, r.operation)
  const state = openState<IamState>(host, 'iam')
  if (spec === undefined || state === undefined) {
    return Promise.all([actionSpecFor(r.service, r.operation), iamStateOf(host)]).then(
      ([sp, st]) => (sp ? decideRequest(host, r, sp, st) : undefined),
    )
  }
  if (spec === null) return
  return decideRequest(host, r, spec, state)
}

const decideRequest = (
  host: IamHost,
  r: RequestToAuthorize,
  spec: ActionSpec,
  state: IamState,
): void | Promise<void> => {
  const { action, resources } = requestTargets(spec, r.input, {
    service: r.service,
    operation: r.operation,
    region: r.region,
    account: r.principal.account,
    method: r.method,
    path: decodeUriOrKeep(r.path),
  })
  const policies = resources.map((resource) => resourcePolicyFor(host, r.service, resource))
  if (policies.some((p) => p instanceof Promise)) {
    return Promise.all(policies).then((ps) => decideAll(host, r, state, action, resources, ps))
  }
  return decideAll(host, r, state, action, resources, policies as Array<CompiledPolicy | undefined>)
}

const decideAll = (
  host: IamHost,
  r: RequestToAuthorize,
  state: IamState,
  action: string,
  resources: string[],
  policies: Array<CompiledPolicy | undefined>,
): void => {
  const authorizer = authorizerOf(state)
  const ctx = requestContext(r.principal, host.now(), {
    region: r.region,
    sourceIp: r.sourceIp,
    isSecure: r.isSecure,
    extra: serviceKeys(r.service, r.input),
  })
  resources.forEach((resource, i) => {
    const policy = isRestrictedPublic(host, r, resource, policies[i]) ? undefined : policies[i]
    const d = authorizer.decide(r.principal, action, resource, ctx, policy)
    if (d.allowed) return
    if (host.config.iam === 'log') {
      record(host, state.store, r.principal, action, resource, d.reason)
      return
    }
    if (r.principal.kind === 'anonymous') throw accessDenied(r.protocol, 'Access Denied')
    const shown = r.service === 's3' ? `"${resource}"` : resource
    throw accessDenied(
      r.protocol,
      denialMessage(r.principal.arn, action, shown, d.reason, d.policyArn),
    )
  })
}
