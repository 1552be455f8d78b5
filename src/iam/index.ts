/**
 * IAM decisions for the rest of Millrace:
 * - `authorizeRequest`: the pipeline's authorization step (action/resource mapping, modes);
 * - `authorize(host, principal, action, resource, context)`: one decision, for services that
 *   act on a caller's behalf;
 * - `runAsRole(host, roleArn, servicePrincipal)`: a role session for a service (API Gateway
 *   integrations, Firehose, Glue crawlers and jobs) after the role's trust policy allowed it;
 * - `registerResourcePolicyProvider`: where services hand their resource policies to the evaluator.
 */
import { randomBytes } from 'node:crypto'
import type { ServiceModel } from '../protocols/model.js'
import { decodeUriOrKeep } from '../protocols/uri.js'
import { AwsError } from '../server/errors.js'
import type { Principal } from '../server/principal.js'
import type { IamState } from '../services/iam/domain.js'
import type { IamStore } from '../services/iam/store.js'
import type { ServiceHost } from '../services/types.js'
import { type ActionSpec, actionSpecFor, actionSpecSync, requestTargets } from './actions.js'
import { Authorizer, evalPrincipalOf } from './authorizer.js'
import type { RequestContext } from './conditions.js'
import { type Decision, denialMessage, evaluate } from './evaluator.js'
import { type CompiledPolicy, compiled, PolicyError } from './policy.js'

export type { Decision } from './evaluator.js'
export { isPublicPolicy } from './policy.js'

/** What IAM decisions need of the host; a handler's ctx has it too. */
export type IamHost = Pick<ServiceHost, 'services' | 'now' | 'config' | 'log'>

/** A service's resource policy for one resource ARN (bucket policy, stream policy), if any. */
export type ResourcePolicyProvider = (
  host: IamHost,
  resourceArn: string,
) => string | undefined | Promise<string | undefined>

const providers = new Map<string, ResourcePolicyProvider>()

export const registerResourcePolicyProvider = (
  service: string,
  provider: ResourcePolicyProvider,
): void => {
  providers.set(service, provider)
}

interface S3Module {
  bucketPolicyOf?: ((state: never, bucket: string) => string | undefined) | undefined
}
interface KinesisModule {
  resourcePolicyOf?: ((state: never, arn: string) => string | undefined) | undefined
}

/** A service's state if it is open, without waiting (the hot path stays synchronous). */
const openState = <T>(host: IamHost, id: string): T | undefined => {
  try {
    return host.services.get<T>(id)
  } catch {
    return undefined
  }
}

// The S3 and Kinesis services export readers of their policies; their modules load on first use,
// after which lookups are synchronous.
let s3Module: S3Module | undefined
let kinesisModule: KinesisModule | undefined

const bucketOf = (arn: string): string => arn.slice('arn:aws:s3:::'.length).split('/')[0] ?? ''

registerResourcePolicyProvider('s3', (host, arn) => {
  const state = openState<never>(host, 's3')
  if (s3Module && state !== undefined) return s3Module.bucketPolicyOf?.(state, bucketOf(arn))
  return (async () => {
    s3Module = await import('../services/s3/index.js')
    return s3Module.bucketPolicyOf?.(await host.services.open<never>('s3'), bucketOf(arn))
  })()
})
registerResourcePolicyProvider('kinesis', (host, arn) => {
  const state = openState<never>(host, 'kinesis')
  if (kinesisModule && state !== undefined) return kinesisModule.resourcePolicyOf?.(state, arn)
  return (async () => {
    kinesisModule = await import('../services/kinesis/index.js')
    return kinesisModule.resourcePolicyOf?.(await host.services.open<never>('kinesis'), arn)
  })()
})

const authorizers = new WeakMap<IamStore, Authorizer>()

const iamStateOf = (host: IamHost): Promise<IamState> => host.services.open<IamState>('iam')

const authorizerOf = (state: IamState): Authorizer => {
  let a = authorizers.get(state.store)
  if (!a) {
    a = new Authorizer(state.store)
    authorizers.set(state.store, a)
  }
  return a
}

const compileResourcePolicy = (text: string | undefined): CompiledPolicy | undefined => {
  if (!text) return undefined
  try {
    return compiled(text, 'resource')
  } catch (e) {
    // A stored policy the owning service accepted but we cannot parse grants nothing.
    if (e instanceof PolicyError) return undefined
    throw e
  }
}

/** The resource's policy, synchronously once the owning service is loaded and open. */
const resourcePolicyFor = (
  host: IamHost,
  service: string,
  resource: string,
): CompiledPolicy | undefined | Promise<CompiledPolicy | undefined> => {
  const provider = providers.get(service)
  if (!provider || resource === '*') return undefined
  const text = provider(host, resource)
  return text instanceof Promise ? text.then(compileResourcePolicy) : compileResourcePolicy(text)
}

export interface RequestFacts {
  region?: string
  sourceIp?: string
  isSecure?: boolean
  /** Service-specific keys (`s3:prefix`), already lower-cased or not. */
  extra?: Record<string, string | string[]>
}

/** The request context of global condition keys AWS supplies, plus service keys. */
const PRINCIPAL_TYPES: Record<Principal['kind'], string> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  service: 'Service',
  anonymous: 'Anonymous',
}

/**
 * The global condition keys AWS supplies, plus service keys, computed only when a policy reads
 * them: most decisions are cache hits that read one or two keys, if any.
 */
class LazyContext implements RequestContext {
  readonly #p: Principal
  readonly #now: number
  readonly #facts: RequestFacts
  #extra: Map<string, string | string[]> | undefined

  constructor(p: Principal, now: number, facts: RequestFacts) {
    this.#p = p
    this.#now = now
    this.#facts = facts
  }

  get(key: string): string | readonly string[] | undefined {
    const p = this.#p
    const named = p.kind !== 'anonymous'
    switch (key) {
      case 'aws:currenttime':
        return new Date(this.#now).toISOString()
      case 'aws:epochtime':
        return String(Math.floor(this.#now / 1000))
      case 'aws:securetransport':
        return this.#facts.isSecure ? 'true' : 'false'
      case 'aws:principalarn':
        return named ? (p.roleArn ?? p.arn) : undefined
      case 'aws:principalaccount':
        return named ? p.account : undefined
      case 'aws:userid':
        return named ? p.userId : undefined
      case 'aws:principaltype':
        return PRINCIPAL_TYPES[p.kind]
      case 'aws:username':
        return p.kind === 'user' ? p.name : undefined
      case 'aws:requestedregion':
        return this.#facts.region
      case 'aws:sourceip':
        return this.#facts.sourceIp?.replace(/^::ffff:/, '')
    }
    if (!this.#extra) {
      this.#extra = new Map(
        Object.entries(this.#facts.extra ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      )
    }
    return this.#extra.get(key)
  }
}

/** The request context of global condition keys AWS supplies, plus service keys. */
export const requestContext = (
  p: Principal,
  now: number,
  facts: RequestFacts = {},
): RequestContext => new LazyContext(p, now, facts)

const isContext = (c: RequestContext | RequestFacts): c is RequestContext =>
  typeof (c as RequestContext).get === 'function'

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
  const ctx =
    context instanceof Map
      ? context
      : requestContext(principal, host.now(), context as RequestFacts)
  const service = action.slice(0, action.indexOf(':'))
  const policy = await resourcePolicyFor(host, service, resource)
  const d = authorizerOf(state).decide(principal, action, resource, ctx, policy)
  return {
    ...d,
    message: d.allowed ? '' : denialMessage(principal.arn, action, resource, d.reason),
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

// ---- log mode -------------------------------------------------------------------------------

export interface DenialRecord {
  time: string
  principal: string
  action: string
  resource: string
  reason: string
  /** The statement that would allow the call. */
  statement: { Effect: 'Allow'; Action: string; Resource: string }
  message: string
}

const denials = new WeakMap<IamStore, DenialRecord[]>()
const MAX_DENIALS = 500

/** Would-be denials recorded in `--iam log` mode (newest last); served at /_millrace/iam/denials. */
export const recentDenials = (host: IamHost): DenialRecord[] => {
  let state: IamState
  try {
    state = host.services.get<IamState>('iam')
  } catch {
    return []
  }
  return [...(denials.get(state.store) ?? [])]
}

const describe = (p: Principal): string =>
  p.kind === 'assumed-role' && p.roleArn
    ? `role ${p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1)}`
    : p.kind === 'user'
      ? `user ${p.name ?? p.arn}`
      : p.arn

const record = (
  host: IamHost,
  store: IamStore,
  p: Principal,
  action: string,
  resource: string,
  reason: string,
) => {
  const statement = { Effect: 'Allow' as const, Action: action, Resource: resource }
  const message = `${describe(p)} lacks ${action} on ${resource} — add this statement: ${JSON.stringify(statement)}`
  let list = denials.get(store)
  if (!list) {
    list = []
    denials.set(store, list)
  }
  list.push({
    time: new Date(host.now()).toISOString(),
    principal: p.arn,
    action,
    resource,
    reason,
    statement,
    message,
  })
  if (list.length > MAX_DENIALS) list.shift()
  host.log.warn({ principal: p.arn, action, resource, reason }, `IAM (log mode): ${message}`)
}

// ---- the pipeline step ----------------------------------------------------------------------

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

/** The bucket's PublicAccessBlock (src/services/s3 stores it in the bucket's config). */
interface S3StateView {
  store?: { getBucket?: (name: string) => { config?: { publicAccessBlock?: unknown } } | undefined }
}

/**
 * S3 RestrictPublicBuckets: a public bucket policy grants nothing to callers outside the account
 * (here: anonymous ones); its denies still apply, and so do non-public grants.
 */
const isRestrictedPublic = (
  host: IamHost,
  r: RequestToAuthorize,
  resource: string,
  policy: CompiledPolicy | undefined,
): boolean => {
  if (r.service !== 's3' || r.principal.kind !== 'anonymous' || !policy) return false
  const state = openState<S3StateView>(host, 's3')
  const pab = state?.store?.getBucket?.(bucketOf(resource))?.config?.publicAccessBlock as
    | { RestrictPublicBuckets?: boolean }
    | undefined
  return pab?.RestrictPublicBuckets === true
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
    throw accessDenied(r.protocol, denialMessage(r.principal.arn, action, shown, d.reason))
  })
}

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

// ---- roles for services ---------------------------------------------------------------------

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
  return {
    kind: 'assumed-role',
    account: m[1]!,
    arn: `arn:aws:sts::${m[1]}:assumed-role/${role.name}/${sessionName}`,
    userId: `${role.id}:${sessionName}`,
    name: role.name,
    roleArn: role.arn,
    sessionName,
  }
}
