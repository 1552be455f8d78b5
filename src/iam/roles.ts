/** Roles: the trust-policy decision of sts:AssumeRole, and role sessions for services. */
import { randomBytes } from 'node:crypto'
import { AwsError } from '../server/errors.js'
import type { Principal } from '../server/principal.js'
import { evalPrincipalOf } from './authorizer.js'
import type { RequestContext } from './conditions.js'
import { type RequestFacts, requestContext } from './context.js'
import { record } from './denials.js'
import { type Decision, evaluate } from './evaluator.js'
import { authorizerOf, type IamHost, iamStateOf } from './host.js'
import { compiled } from './policy.js'

/**
 * sts:AssumeRole: the role's trust policy acts as its resource policy. The root, always allowed
 * elsewhere, still needs the trust policy to name its account (as on AWS).
 */
export const authorizeAssumeRole = async (
  host: IamHost,
  caller: Principal,
  roleArn: string,
  trust: string,
  facts: RequestFacts = {},
  action: 'sts:AssumeRole' | 'sts:TagSession' = 'sts:AssumeRole',
): Promise<Decision> => {
  const state = await iamStateOf(host)
  const ctx = requestContext(caller, host.now(), facts)
  const policy = compiled(trust, 'trust')
  const d =
    caller.kind === 'root'
      ? evaluate(
          { identity: [] },
          {
            principal: evalPrincipalOf(caller),
            action,
            resource: roleArn,
            context: ctx,
            resourcePolicy: policy,
          },
        )
      : authorizerOf(state).decide(caller, action, roleArn, ctx, policy)
  if (!d.allowed && host.config.iam === 'log') {
    record(host, state.store, caller, action, roleArn, d.reason)
  }
  return d
}

/** Session names a service uses when it assumes a role (AWS shows e.g. `GlueJobRunnerSession`). */
const sessionNameFor = (servicePrincipal: string): string =>
  `${servicePrincipal.split('.')[0] ?? 'service'}-${randomBytes(6).toString('hex')}`

/** What a trust policy may test when a service assumes a role (confused-deputy conditions). */
const serviceContext = (
  host: IamHost,
  account: string,
  servicePrincipal: string,
  opts: RunAsRoleOptions,
): RequestContext => {
  const ctx = new Map<string, string>([
    ['aws:currenttime', new Date(host.now()).toISOString()],
    ['aws:epochtime', String(Math.floor(host.now() / 1000))],
    ['aws:principaltype', 'Service'],
    ['aws:principalservicename', servicePrincipal],
    ['aws:sourceaccount', opts.sourceAccount ?? account],
  ])
  if (opts.sourceArn) ctx.set('aws:sourcearn', opts.sourceArn)
  const externalId =
    opts.externalId ?? (servicePrincipal === 'firehose.amazonaws.com' ? account : undefined)
  if (externalId) ctx.set('sts:externalid', externalId)
  return ctx
}

/**
 * Assumes `roleArn` as a service (`glue.amazonaws.com`, …) after checking the role's trust
 * policy names that service, and returns the session's Principal, which `authorize` evaluates
 * against the role's policies. Throws AccessDenied as STS would.
 */
/** The Principal of a session of `role` (STS AssumeRole and services running as a role alike). */
export const assumedRolePrincipal = (
  account: string,
  role: { name: string; id: string; arn: string },
  sessionName: string,
): Principal & { kind: 'assumed-role' } => ({
  kind: 'assumed-role',
  account,
  arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${sessionName}`,
  userId: `${role.id}:${sessionName}`,
  name: role.name,
  roleArn: role.arn,
  sessionName,
})

export interface RunAsRoleOptions {
  sessionName?: string
  /** The resource the service acts for (a delivery stream, crawler, API): `aws:SourceArn`. */
  sourceArn?: string
  /** Defaults to the role's account: `aws:SourceAccount`. */
  sourceAccount?: string
  /** `sts:ExternalId`; Firehose passes the account id, as on AWS. */
  externalId?: string
}

export const runAsRole = async (
  host: IamHost,
  roleArn: string,
  servicePrincipal: string,
  sessionNameOrOptions: string | RunAsRoleOptions = {},
): Promise<Principal> => {
  const opts =
    typeof sessionNameOrOptions === 'string'
      ? { sessionName: sessionNameOrOptions }
      : sessionNameOrOptions
  const sessionName = opts.sessionName ?? sessionNameFor(servicePrincipal)
  const state = await iamStateOf(host)
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn)
  const role = m ? state.store.account(m[1]!).roles.get(m[2]!.toLowerCase()) : undefined
  const denied = new AwsError(
    'AccessDenied',
    `${servicePrincipal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    403,
  )
  if (!m || !role || role.arn !== roleArn) throw denied
  const d = evaluate(
    { identity: [] },
    {
      principal: { kind: 'service', account: m[1]!, arn: servicePrincipal },
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: serviceContext(host, m[1]!, servicePrincipal, opts),
      resourcePolicy: compiled(role.trust, 'trust'),
    },
  )
  // `--iam off` decides nothing; `log` records a trust policy that would refuse the service.
  if (!d.allowed && host.config.iam === 'enforce') throw denied
  if (!d.allowed && host.config.iam === 'log') {
    const caller: Principal = {
      kind: 'service',
      account: m[1]!,
      arn: servicePrincipal,
      userId: servicePrincipal,
    }
    record(host, state.store, caller, 'sts:AssumeRole', roleArn, d.reason)
  }
  return assumedRolePrincipal(m[1]!, role, sessionName)
}
