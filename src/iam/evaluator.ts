/**
 * AWS's policy evaluation logic for one account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit deny anywhere wins; otherwise an identity-based allow, or a resource-based allow
 * naming the principal itself, is needed; a permissions boundary and session policies, when
 * present, must allow too (a resource-based allow naming the user or session directly is not
 * limited by them).
 */
import { evaluateCondition, type RequestContext, substituteVariables } from './conditions.js'
import type { CompiledPolicy, CompiledStatement, PrincipalSpec } from './policy.js'
import { type Matcher, wildcardMatcher } from './policy.js'

/** The caller as resource policies see it. */
export interface EvalPrincipal {
  kind: 'root' | 'user' | 'assumed-role' | 'service' | 'anonymous'
  account: string
  /** User ARN, session ARN (`arn:aws:sts::…:assumed-role/R/s`), service name, or `*` (anonymous). */
  arn: string
  /** For sessions: the role ARN, which resource policies may name instead of the session. */
  roleArn?: string
}

/** Everything that applies to one principal, already compiled. */
export interface PolicySet {
  identity: readonly CompiledPolicy[]
  /** Undefined: no permissions boundary. */
  boundary?: readonly CompiledPolicy[]
  /** Undefined: no session policy. */
  session?: readonly CompiledPolicy[]
}

export interface EvalRequest {
  principal: EvalPrincipal
  action: string
  resource: string
  context: RequestContext
  /** Resource-based policy of the resource (bucket policy, stream policy, trust policy). */
  resourcePolicy?: CompiledPolicy
}

export type DecisionReason =
  | 'allowed'
  | 'explicit-deny-identity'
  | 'explicit-deny-resource'
  | 'explicit-deny-boundary'
  | 'explicit-deny-session'
  | 'no-identity-allow'
  | 'no-boundary-allow'
  | 'no-session-allow'

export interface MatchedStatement {
  policy: CompiledPolicy
  statement: CompiledStatement
  source: 'identity' | 'resource' | 'boundary' | 'session'
}

export interface Decision {
  allowed: boolean
  reason: DecisionReason
  matched: MatchedStatement[]
  /** The managed policy holding an explicit identity-based deny, which AWS names. */
  policyArn?: string
}

/**
 * How a resource policy named the caller: `specific` (the user, the session, `*`), `role` (the
 * role of a session), `account` (delegation to the account: identity policies must allow too).
 */
type PrincipalMatch = 'none' | 'account' | 'role' | 'specific'

const matcherCache = new Map<string, Matcher>()
const resourceMatcher = (pattern: string): Matcher => {
  let m = matcherCache.get(pattern)
  if (!m) {
    m = wildcardMatcher(pattern)
    if (matcherCache.size > 10000) matcherCache.clear()
    matcherCache.set(pattern, m)
  }
  return m
}

const matchesResource = (
  patterns: readonly string[],
  resource: string,
  ctx: RequestContext,
): boolean =>
  patterns.some((p) => {
    if (p === '*') return true
    const resolved = substituteVariables(p, ctx)
    return resolved !== undefined && resourceMatcher(resolved).test(resource)
  })

const isAccountRef = (id: string, account: string): boolean =>
  id === account || id === `arn:aws:iam::${account}:root`

const matchPrincipal = (spec: PrincipalSpec, p: EvalPrincipal): PrincipalMatch => {
  if (spec === '*') return 'specific'
  let best: PrincipalMatch = 'none'
  for (const [type, ids] of Object.entries(spec)) {
    for (const id of ids) {
      if (type === 'AWS') {
        if (id === '*') return 'specific'
        if (p.kind === 'anonymous' || p.kind === 'service') continue
        if (id === p.arn) return 'specific'
        if (p.roleArn !== undefined && id === p.roleArn) best = 'role'
        else if (isAccountRef(id, p.account) && best === 'none')
          best = p.kind === 'root' ? 'specific' : 'account'
      } else if (type === 'Service') {
        if (p.kind === 'service' && (id === p.arn || id === '*')) return 'specific'
      }
    }
  }
  return best
}

/** Whether the statement applies; for resource policies, how the principal was named. */
const statementMatch = (
  s: CompiledStatement,
  req: EvalRequest,
  isResourcePolicy: boolean,
): PrincipalMatch => {
  const { action, resource, context } = req
  if (s.action ? !s.action.some((r) => r.test(action)) : s.notAction?.some((r) => r.test(action))) {
    return 'none'
  }
  if (s.resource && !matchesResource(s.resource, resource, context)) return 'none'
  if (s.notResource && matchesResource(s.notResource, resource, context)) return 'none'
  let how: PrincipalMatch = 'specific'
  if (isResourcePolicy) {
    if (s.principal) how = matchPrincipal(s.principal, req.principal)
    else if (s.notPrincipal)
      how = matchPrincipal(s.notPrincipal, req.principal) === 'none' ? 'specific' : 'none'
    if (how === 'none') return 'none'
  }
  for (const c of s.conditions) if (!evaluateCondition(c, context)) return 'none'
  return how
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, specific: 3 }

interface Scan {
  deny?: MatchedStatement
  allows: MatchedStatement[]
  /** Strongest principal match among resource-policy allows. */
  resourceAllow: PrincipalMatch
}

const scan = (
  policies: readonly CompiledPolicy[],
  req: EvalRequest,
  source: MatchedStatement['source'],
  out: Scan,
): void => {
  const isResource = source === 'resource'
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const how = statementMatch(statement, req, isResource)
      if (how === 'none') continue
      const m = { policy, statement, source }
      if (statement.effect === 'Deny') {
        out.deny ??= m
      } else {
        out.allows.push(m)
        if (isResource && RANK[how] > RANK[out.resourceAllow]) out.resourceAllow = how
      }
    }
  }
}

const newScan = (): Scan => ({ allows: [], resourceAllow: 'none' })

/** The decision for one action on one resource. */
export const evaluate = (set: PolicySet, req: EvalRequest): Decision => {
  const identity = newScan()
  const resource = newScan()
  const boundary = newScan()
  const session = newScan()
  scan(set.identity, req, 'identity', identity)
  if (req.resourcePolicy) scan([req.resourcePolicy], req, 'resource', resource)
  if (set.boundary) scan(set.boundary, req, 'boundary', boundary)
  if (set.session) scan(set.session, req, 'session', session)
  const deny = (reason: DecisionReason, m: MatchedStatement): Decision => ({
    allowed: false,
    reason,
    matched: [m],
  })
  if (identity.deny) return deny('explicit-deny-identity', identity.deny)
  if (resource.deny) return deny('explicit-deny-resource', resource.deny)
  if (boundary.deny) return deny('explicit-deny-boundary', boundary.deny)
  if (session.deny) return deny('explicit-deny-session', session.deny)
  const matched = [...identity.allows, ...resource.allows]
  // Naming the user or session grants past boundaries and session policies; naming the role of
  // a session stands in for identity policies only (AWS: such grants are limited by both).
  const direct = resource.resourceAllow === 'specific'
  const byRole = resource.resourceAllow === 'role'
  if (identity.allows.length === 0 && !direct && !byRole) {
    return { allowed: false, reason: 'no-identity-allow', matched: [] }
  }
  if (!direct && set.boundary && boundary.allows.length === 0) {
    return { allowed: false, reason: 'no-boundary-allow', matched: [] }
  }
  if (!direct && set.session && session.allows.length === 0) {
    return { allowed: false, reason: 'no-session-allow', matched: [] }
  }
  return {
    allowed: true,
    reason: 'allowed',
    matched: [...matched, ...boundary.allows, ...session.allows],
  }
}

/** AWS's AccessDenied wording for a decision. */
export const denialMessage = (
  callerArn: string,
  action: string,
  resource: string,
  reason: DecisionReason,
  policyArn?: string,
): string => {
  const head = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`
  switch (reason) {
    case 'explicit-deny-identity':
      return `${head} with an explicit deny in an identity-based policy${policyArn ? `: ${policyArn}` : ''}`
    case 'explicit-deny-resource':
      return `${head} with an explicit deny in a resource-based policy`
    case 'explicit-deny-boundary':
      return `${head} with an explicit deny in a permissions boundary`
    case 'explicit-deny-session':
      return `${head} with an explicit deny in a session policy`
    case 'no-boundary-allow':
      return `${head} because no permissions boundary allows the ${action} action`
    case 'no-session-allow':
      return `${head} because no session policy allows the ${action} action`
    default:
      return `${head} because no identity-based policy allows the ${action} action`
  }
}
