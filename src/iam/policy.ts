/**
 * Policy documents: parsing, AWS's validation wording (MalformedPolicyDocument) and compilation
 * into matchers. Compiled policies are cached by their text, so a document shared by many
 * principals (managed policies) is compiled once.
 */

export type Effect = 'Allow' | 'Deny'

/** One condition test: `StringEquals: { 'aws:username': ['bob'] }` becomes one of these per key. */
export interface ConditionTest {
  /** Operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string
  /** Context key, lower-cased (keys are case-insensitive). */
  key: string
  values: string[]
}

/** Principal element: `*` or a map of type → identifiers. */
export type PrincipalSpec = '*' | Record<string, string[]>

export interface CompiledStatement {
  sid?: string
  index: number
  effect: Effect
  action?: Matcher[]
  notAction?: Matcher[]
  /** Raw patterns: resources may hold policy variables resolved per request. */
  resource?: string[]
  notResource?: string[]
  principal?: PrincipalSpec
  notPrincipal?: PrincipalSpec
  conditions: ConditionTest[]
  /** The statement as written, for log-mode suggestions and simulation output. */
  source: Record<string, unknown>
}

export interface CompiledPolicy {
  /** Stable small id: part of decision-cache keys. */
  id: number
  statements: CompiledStatement[]
  /** Lower-cased condition keys any statement reads (decides what enters a cache key). */
  conditionKeys: Set<string>
  /** True when a statement reads time or other per-request values a cache must not pin. */
  isVolatile: boolean
}

export type PolicyKind = 'identity' | 'resource' | 'trust'

export class PolicyError extends Error {}

const VERSIONS = new Set(['2012-10-17', '2008-10-17'])
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
])
const VOLATILE_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime'])

/** A compiled wildcard pattern. */
export interface Matcher {
  test(text: string): boolean
}

/**
 * `*` and `?` wildcards, whole-string match, in linear-ish time: a greedy two-pointer match
 * rather than a RegExp, so a pattern of many stars cannot make matching backtrack
 * exponentially (policies are user input).
 */
const globMatch = (p: string, t: string): boolean => {
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < t.length) {
    const c = pi < p.length ? p.charCodeAt(pi) : -1
    if (c === 63 || (c !== 42 && c === t.charCodeAt(ti))) {
      pi++
      ti++
    } else if (c === 42) {
      star = pi++
      mark = ti
    } else if (star !== -1) {
      pi = star + 1
      ti = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++
  return pi === p.length
}

export const wildcardMatcher = (pattern: string, ignoreCase = false): Matcher => {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  if (p === '*') return { test: () => true }
  const fold = (t: string) => (ignoreCase ? t.toLowerCase() : t)
  if (!p.includes('*') && !p.includes('?')) return { test: (t) => fold(t) === p }
  return { test: (t) => globMatch(p, fold(t)) }
}

const asList = (v: unknown): string[] => {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  throw new PolicyError('Syntax errors in policy.')
}

const checkAction = (a: string): void => {
  if (a === '*') return
  const colon = a.indexOf(':')
  if (colon <= 0) {
    throw new PolicyError(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    )
  }
  if (!/^[a-zA-Z0-9-]+$/.test(a.slice(0, colon)))
    throw new PolicyError(`Vendor ${a.slice(0, colon)} is not valid`)
}

const checkResource = (r: string): void => {
  if (r === '*') return
  if (!r.startsWith('arn:')) throw new PolicyError(`Resource ${r} must be in ARN format or "*".`)
  const parts = r.split(':')
  if (parts.length < 6) throw new PolicyError(`Resource ${r} must be in ARN format or "*".`)
  const partition = parts[1]!
  if (!/^(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*|\*)$/.test(partition) && !partition.includes('$')) {
    throw new PolicyError(`Partition "${partition}" is not valid for resource "${r}".`)
  }
}

const parsePrincipal = (v: unknown): PrincipalSpec => {
  if (v === '*') return '*'
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new PolicyError('Invalid principal in policy: "AWS":"' + String(v) + '"')
  }
  const out: Record<string, string[]> = {}
  for (const [type, ids] of Object.entries(v as Record<string, unknown>)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) {
      throw new PolicyError(`Invalid principal in policy: "${type}"`)
    }
    out[type] = asList(ids)
  }
  return out
}

const parseConditions = (v: unknown): ConditionTest[] => {
  if (v === undefined) return []
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new PolicyError('Syntax errors in policy.')
  const tests: ConditionTest[] = []
  for (const [operator, block] of Object.entries(v as Record<string, unknown>)) {
    if (!isKnownOperator(operator)) {
      throw new PolicyError(`Invalid Condition type : ${operator}.`)
    }
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new PolicyError('Syntax errors in policy.')
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const list = (Array.isArray(values) ? values : [values]).map((x) => {
        if (typeof x === 'string') return x
        if (typeof x === 'number' || typeof x === 'boolean') return String(x)
        throw new PolicyError('Syntax errors in policy.')
      })
      tests.push({ operator, key: key.toLowerCase(), values: list })
    }
  }
  return tests
}

const BASE_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
])

export const splitOperator = (
  operator: string,
): { set?: 'ForAllValues' | 'ForAnyValue'; base: string; ifExists: boolean } => {
  let rest = operator
  let set: 'ForAllValues' | 'ForAnyValue' | undefined
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues'
    rest = rest.slice(13)
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue'
    rest = rest.slice(12)
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists'
  const base = ifExists ? rest.slice(0, -8) : rest
  return set ? { set, base, ifExists } : { base, ifExists }
}

const isKnownOperator = (operator: string): boolean => {
  const { base, ifExists } = splitOperator(operator)
  return BASE_OPERATORS.has(base) && !(base === 'Null' && ifExists)
}

let nextId = 1

const compileStatement = (raw: unknown, index: number, kind: PolicyKind): CompiledStatement => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new PolicyError('Syntax errors in policy.')
  const s = raw as Record<string, unknown>
  for (const k of Object.keys(s))
    if (!STATEMENT_KEYS.has(k)) throw new PolicyError('Syntax errors in policy.')
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError('Syntax errors in policy.')
  if (s.Action === undefined && s.NotAction === undefined) {
    throw new PolicyError('Policy statement must contain actions.')
  }
  if (s.Action !== undefined && s.NotAction !== undefined)
    throw new PolicyError('Syntax errors in policy.')
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined
  if (kind === 'identity' && hasPrincipal) throw new PolicyError('Has prohibited field Principal.')
  if (kind !== 'identity' && !hasPrincipal)
    throw new PolicyError('Missing required field Principal.')
  if (kind !== 'trust' && s.Resource === undefined && s.NotResource === undefined) {
    throw new PolicyError('Policy statement must contain resources.')
  }
  if (kind === 'trust' && (s.Resource !== undefined || s.NotResource !== undefined)) {
    throw new PolicyError('Has prohibited field Resource.')
  }
  const actions = s.Action !== undefined ? asList(s.Action) : undefined
  const notActions = s.NotAction !== undefined ? asList(s.NotAction) : undefined
  for (const a of [...(actions ?? []), ...(notActions ?? [])]) checkAction(a)
  const resources = s.Resource !== undefined ? asList(s.Resource) : undefined
  const notResources = s.NotResource !== undefined ? asList(s.NotResource) : undefined
  for (const r of [...(resources ?? []), ...(notResources ?? [])]) checkResource(r)
  const st: CompiledStatement = {
    index,
    effect: s.Effect,
    conditions: parseConditions(s.Condition),
    source: s,
  }
  if (typeof s.Sid === 'string') st.sid = s.Sid
  if (actions) st.action = actions.map((a) => wildcardMatcher(a, true))
  if (notActions) st.notAction = notActions.map((a) => wildcardMatcher(a, true))
  if (resources) st.resource = resources
  if (notResources) st.notResource = notResources
  if (s.Principal !== undefined) st.principal = parsePrincipal(s.Principal)
  if (s.NotPrincipal !== undefined) st.notPrincipal = parsePrincipal(s.NotPrincipal)
  return st
}

/** Parses and validates a document; throws PolicyError with AWS's MalformedPolicyDocument message. */
export const compilePolicy = (text: string, kind: PolicyKind): CompiledPolicy => {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new PolicyError('This policy contains invalid Json')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new PolicyError('Syntax errors in policy.')
  const d = doc as Record<string, unknown>
  for (const k of Object.keys(d)) {
    if (!['Version', 'Id', 'Statement'].includes(k))
      throw new PolicyError('Syntax errors in policy.')
  }
  if (d.Version !== undefined && !VERSIONS.has(String(d.Version))) {
    throw new PolicyError('The policy failed legacy parsing')
  }
  if (d.Statement === undefined) throw new PolicyError('Syntax errors in policy.')
  const raw = Array.isArray(d.Statement) ? d.Statement : [d.Statement]
  const statements = raw.map((s, i) => compileStatement(s, i, kind))
  const sids = statements.map((s) => s.sid).filter((s): s is string => s !== undefined && s !== '')
  if (new Set(sids).size !== sids.length)
    throw new PolicyError('Statement IDs (SID) in a single policy must be unique.')
  const conditionKeys = new Set<string>()
  for (const s of statements) for (const c of s.conditions) conditionKeys.add(c.key)
  // Policy variables (`${aws:username}`) read context keys too: they enter cache keys the same way.
  for (const m of text.matchAll(/\$\{([^}*?$]+)\}/g)) conditionKeys.add(m[1]!.toLowerCase())
  return {
    id: nextId++,
    statements,
    conditionKeys,
    isVolatile: [...conditionKeys].some((k) => VOLATILE_KEYS.has(k)),
  }
}

const cache = new Map<string, CompiledPolicy>()

/** Compiles once per (kind, text); documents stored by IAM were validated when written. */
export const compiled = (text: string, kind: PolicyKind): CompiledPolicy => {
  const key = `${kind}\0${text}`
  let p = cache.get(key)
  if (!p) {
    p = compilePolicy(text, kind)
    if (cache.size > 5000) cache.clear()
    cache.set(key, p)
  }
  return p
}

/** Policy size as IAM counts it: characters excluding whitespace. */
export const policySize = (text: string): number => text.replace(/\s/g, '').length

/** Condition keys that pin a `*` principal to known callers (S3 "public" policy rules). */
const FIXING_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:userid',
])

const isWildcardPrincipal = (p: PrincipalSpec | undefined): boolean =>
  p === '*' || (p !== undefined && (p.AWS ?? []).includes('*'))

/**
 * Whether a resource policy is "public" as S3 Block Public Access defines it: an Allow to `*`
 * not pinned by a condition on a fixed caller (source IP, VPC, account, org, ARN).
 */
export const isPublicPolicy = (text: string): boolean => {
  const p = compiled(text, 'resource')
  return p.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      (isWildcardPrincipal(s.principal) || s.notPrincipal !== undefined) &&
      !s.conditions.some((c) => FIXING_KEYS.has(c.key) && !c.values.includes('*')),
  )
}
