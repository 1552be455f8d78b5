/**
 * Decisions for principals: resolves a principal's policies from the IAM store (user + groups,
 * or role + session policies; permissions boundary), adds the resource's policy, evaluates, and
 * caches both the resolved policy sets and the decisions until IAM changes.
 */
import type { Principal } from '../server/principal.js'
import { AWS_MANAGED } from '../services/iam/managed-policies.js'
import type { AccountState, IamStore } from '../services/iam/store.js'
import type { RequestContext } from './conditions.js'
import { type Decision, type EvalPrincipal, evaluate, type PolicySet } from './evaluator.js'
import { type CompiledPolicy, compiled } from './policy.js'

export interface ResolvedSet extends PolicySet {
  /** Identifies this resolution in decision-cache keys. */
  id: number
  /** Condition keys any policy reads: the only context values a cached decision depends on. */
  keys: string[]
  isVolatile: boolean
  /** `aws:principaltag/<key>` → value (user or role tags, then session tags). */
  principalTags: Array<[string, string]>
  /** Managed identity policies' ARNs, for AWS's explicit-deny wording. */
  arnOf: ReadonlyMap<CompiledPolicy, string>
}

const managed = (a: AccountState, arn: string): string | undefined => {
  const aws = AWS_MANAGED.get(arn)
  if (aws) return aws.document
  const p = a.policies.get(arn)
  return p?.versions.find((v) => v.id === p.defaultVersion)?.document
}

type Tags = ReadonlyArray<{ Key: string; Value: string }>

const tagsOf = (a: AccountState, p: Principal): Array<[string, string]> => {
  let tags: Tags = []
  if (p.kind === 'user' && p.name) tags = a.users.get(p.name.toLowerCase())?.tags ?? []
  if (p.kind === 'assumed-role' && p.roleArn) {
    tags = a.roles.get(p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1).toLowerCase())?.tags ?? []
  }
  const out = new Map(tags.map((t) => [`aws:principaltag/${t.Key.toLowerCase()}`, t.Value]))
  for (const [k, v] of Object.entries(p.sessionTags ?? {}))
    out.set(`aws:principaltag/${k.toLowerCase()}`, v)
  return [...out]
}

/** An identity policy document; managed ones carry their ARN (AWS names it in explicit denials). */
interface Doc {
  doc: string
  arn?: string
}

const attachedDocs = (a: AccountState, arns: readonly string[]): Doc[] =>
  arns.flatMap((arn) => {
    const doc = managed(a, arn)
    return doc ? [{ doc, arn }] : []
  })

const inlineDocs = (rows: ReadonlyArray<{ document: string }>): Doc[] =>
  rows.map((x) => ({ doc: x.document }))

const identityDocs = (a: AccountState, p: Principal): { docs: Doc[]; boundary?: string } => {
  if (p.kind === 'user' && p.name) {
    const user = a.users.get(p.name.toLowerCase())
    if (!user) return { docs: [] }
    const docs = [...inlineDocs(user.inline), ...attachedDocs(a, user.attached)]
    for (const g of user.groups) {
      const group = a.groups.get(g.toLowerCase())
      if (group) docs.push(...inlineDocs(group.inline), ...attachedDocs(a, group.attached))
    }
    return user.boundary ? { docs, boundary: user.boundary } : { docs }
  }
  if (p.kind === 'assumed-role' && p.roleArn) {
    const name = p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1)
    const role = a.roles.get(name.toLowerCase())
    if (!role || role.arn !== p.roleArn) return { docs: [] }
    const docs = [...inlineDocs(role.inline), ...attachedDocs(a, role.attached)]
    return role.boundary ? { docs, boundary: role.boundary } : { docs }
  }
  return { docs: [] }
}

let nextSetId = 1

const summarize = (
  set: PolicySet,
  extra?: CompiledPolicy,
): Omit<ResolvedSet, 'principalTags' | 'arnOf'> => {
  const all = [
    ...set.identity,
    ...(set.boundary ?? []),
    ...(set.session ?? []),
    ...(extra ? [extra] : []),
  ]
  const keys = new Set<string>()
  let isVolatile = false
  for (const p of all) {
    for (const k of p.conditionKeys) keys.add(k)
    isVolatile ||= p.isVolatile
  }
  return { ...set, id: nextSetId++, keys: [...keys].sort(), isVolatile }
}

export const evalPrincipalOf = (p: Principal): EvalPrincipal => ({
  kind: p.kind,
  account: p.account,
  arn: p.arn,
  ...(p.roleArn ? { roleArn: p.roleArn } : {}),
})

const MAX_CACHE = 50_000

/** One per IAM store: its caches are dropped whenever IAM changes. */
export class Authorizer {
  readonly #store: IamStore
  readonly #sets = new Map<string, ResolvedSet>()
  readonly #decisions = new Map<string, Decision>()

  constructor(store: IamStore) {
    this.#store = store
    store.onChange(() => this.invalidate())
  }

  invalidate(): void {
    this.#sets.clear()
    this.#decisions.clear()
  }

  policySetOf(p: Principal): ResolvedSet {
    // Users and plain sessions (the common case) key by ARN alone; session extras only when set.
    let key = p.kind === 'user' ? p.arn : `${p.kind}\0${p.arn}\0${p.roleArn ?? ''}`
    if (p.sessionPolicies) key += `\0${p.sessionPolicies.join('\0')}`
    if (p.sessionTags) key += `\0${JSON.stringify(p.sessionTags)}`
    let set = this.#sets.get(key)
    if (!set) {
      const a = this.#store.account(p.account)
      const { docs, boundary } = identityDocs(a, p)
      const boundaryDoc = boundary ? managed(a, boundary) : undefined
      const identity = docs.map((d) => compiled(d.doc, 'identity'))
      const arnOf = new Map<CompiledPolicy, string>()
      docs.forEach((d, i) => {
        if (d.arn) arnOf.set(identity[i]!, d.arn)
      })
      const base: PolicySet = { identity }
      if (boundary) base.boundary = boundaryDoc ? [compiled(boundaryDoc, 'identity')] : []
      if (p.sessionPolicies && p.sessionPolicies.length > 0) {
        base.session = p.sessionPolicies.map((d) => compiled(d, 'identity'))
      }
      set = { ...summarize(base), principalTags: tagsOf(a, p), arnOf }
      if (this.#sets.size > MAX_CACHE) this.#sets.clear()
      this.#sets.set(key, set)
    }
    return set
  }

  /** Evaluates (or recalls) one decision. */
  decide(
    p: Principal,
    action: string,
    resource: string,
    context: RequestContext,
    resourcePolicy?: CompiledPolicy,
  ): Decision {
    const set = this.policySetOf(p)
    if (set.principalTags.length > 0 && set.keys.some((k) => k.startsWith('aws:principaltag/'))) {
      // The principal's tags join the request context (a view: the caller's context stays as is).
      const tags = new Map(set.principalTags)
      const base = context
      context = { get: (k) => tags.get(k) ?? base.get(k) }
    }
    const extraVolatile = resourcePolicy?.isVolatile ?? false
    const cacheable = !set.isVolatile && !extraVolatile
    let key = ''
    if (cacheable) {
      key = `${set.id}\0${p.arn}\0${action}\0${resource}\0${resourcePolicy?.id ?? 0}`
      const keys = resourcePolicy ? [...set.keys, ...resourcePolicy.conditionKeys] : set.keys
      for (const k of keys) {
        const v = context.get(k)
        key += `\0${v === undefined ? '\u0001' : typeof v === 'string' ? v : v.join('\u0002')}`
      }
      const hit = this.#decisions.get(key)
      if (hit) return hit
    }
    let decision = evaluate(set, {
      principal: evalPrincipalOf(p),
      action,
      resource,
      context,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    })
    const denyingArn =
      decision.reason === 'explicit-deny-identity'
        ? set.arnOf.get(decision.matched[0]!.policy)
        : undefined
    if (denyingArn) decision = { ...decision, policyArn: denyingArn }
    if (cacheable) {
      if (this.#decisions.size > MAX_CACHE) this.#decisions.clear()
      this.#decisions.set(key, decision)
    }
    return decision
  }
}
