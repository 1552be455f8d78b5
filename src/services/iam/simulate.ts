/**
 * Policy simulation on the real evaluator: the same decisions the pipeline makes, reported per
 * action and resource with the statements that decided them.
 */
import type { ContextEntry, EvaluationResult, PolicySourceType } from '../../gen/iam.js'
import { type Decision, type EvalPrincipal, evaluate, type PolicySet } from '../../iam/evaluator.js'
import {
  type CompiledPolicy,
  compilePolicy,
  PolicyError,
  type PolicyKind,
} from '../../iam/policy.js'
import type { Ctx } from '../types.js'
import { managedDocument } from './domain.js'
import { invalidInput, malformed } from './errors.js'
import { AWS_MANAGED } from './managed-policies.js'
import type { AccountState } from './store.js'

export interface Labeled {
  policy: CompiledPolicy
  id: string
  type: PolicySourceType
}

const compile = (text: string, kind: PolicyKind): CompiledPolicy => {
  try {
    return compilePolicy(text, kind)
  } catch (e) {
    if (e instanceof PolicyError) throw malformed(e.message)
    throw e
  }
}

const attachedOf = (a: AccountState, arns: readonly string[]): Labeled[] =>
  arns.flatMap((arn) => {
    const doc = managedDocument(a, arn)
    if (!doc) return []
    const name = arn.slice(arn.lastIndexOf('/') + 1)
    return [
      {
        policy: compile(doc, 'identity'),
        id: name,
        type: AWS_MANAGED.has(arn) ? 'aws-managed' : 'user-managed',
      } as Labeled,
    ]
  })

const inlineOf = (
  rows: ReadonlyArray<{ name: string; document: string }>,
  type: PolicySourceType,
): Labeled[] => rows.map((p) => ({ policy: compile(p.document, 'identity'), id: p.name, type }))

export interface Source {
  principal: EvalPrincipal
  identity: Labeled[]
  boundary?: Labeled[]
  username?: string
}

/** The identity policies of a user, group or role ARN, as SimulatePrincipalPolicy reads them. */
export const sourceOf = (a: AccountState, arn: string): Source | undefined => {
  const m = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)
  if (!m) return undefined
  const [, account, type, name] = m as unknown as [string, string, string, string]
  const key = name.toLowerCase()
  const boundaryOf = (b: string | undefined) => (b ? { boundary: attachedOf(a, [b]) } : {})
  if (type === 'user') {
    const u = a.users.get(key)
    if (!u) return undefined
    const identity = [...inlineOf(u.inline, 'user'), ...attachedOf(a, u.attached)]
    for (const g of u.groups) {
      const group = a.groups.get(g.toLowerCase())
      if (group) identity.push(...inlineOf(group.inline, 'group'), ...attachedOf(a, group.attached))
    }
    return {
      principal: { kind: 'user', account, arn: u.arn },
      identity,
      username: u.name,
      ...boundaryOf(u.boundary),
    }
  }
  if (type === 'group') {
    const g = a.groups.get(key)
    if (!g) return undefined
    return {
      principal: { kind: 'user', account, arn: g.arn },
      identity: [...inlineOf(g.inline, 'group'), ...attachedOf(a, g.attached)],
    }
  }
  const r = a.roles.get(key)
  if (!r) return undefined
  return {
    principal: { kind: 'assumed-role', account, arn: r.arn, roleArn: r.arn },
    identity: [...inlineOf(r.inline, 'role'), ...attachedOf(a, r.attached)],
    ...boundaryOf(r.boundary),
  }
}

const contextOf = (entries: readonly ContextEntry[] | undefined, source: Source, ctx: Ctx) => {
  const map = new Map<string, string | string[]>()
  map.set('aws:currenttime', new Date(ctx.now()).toISOString())
  map.set('aws:epochtime', String(Math.floor(ctx.now() / 1000)))
  if (source.username) map.set('aws:username', source.username)
  map.set('aws:principalarn', source.principal.arn)
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue
    const values = e.ContextKeyValues ?? []
    const isList = e.ContextKeyType?.endsWith('List') ?? false
    map.set(e.ContextKeyName.toLowerCase(), isList ? values : (values[0] ?? ''))
  }
  return map
}

const DECISION: Record<string, EvaluationResult['EvalDecision']> = {
  allowed: 'allowed',
  'no-identity-allow': 'implicitDeny',
  'no-boundary-allow': 'implicitDeny',
  'no-session-allow': 'implicitDeny',
}

export interface SimulationInput {
  ActionNames: string[]
  ResourceArns?: string[]
  ResourcePolicy?: string
  CallerArn?: string
  ContextEntries?: ContextEntry[]
  PolicyInputList?: string[]
  PermissionsBoundaryPolicyInputList?: string[]
}

/** Runs the evaluator for every action × resource. */
export const simulate = (source: Source, input: SimulationInput, ctx: Ctx): EvaluationResult[] => {
  const extra = (input.PolicyInputList ?? []).map((t, i) => ({
    policy: compile(t, 'identity'),
    id: `PolicyInputList.${i + 1}`,
    type: 'none' as const,
  }))
  const boundaryInputs = (input.PermissionsBoundaryPolicyInputList ?? []).map((t, i) => ({
    policy: compile(t, 'identity'),
    id: `PermissionsBoundaryPolicyInputList.${i + 1}`,
    type: 'none' as const,
  }))
  const identity = [...source.identity, ...extra]
  const boundary = boundaryInputs.length > 0 ? boundaryInputs : source.boundary
  const resourcePolicy = input.ResourcePolicy
    ? compile(input.ResourcePolicy, 'resource')
    : undefined
  if (input.ResourcePolicy && !input.CallerArn && source.principal.kind !== 'user') {
    throw invalidInput(
      'CallerArn must be specified when a ResourcePolicy is provided for a role or group.',
    )
  }
  const principal: EvalPrincipal = input.CallerArn
    ? {
        kind: input.CallerArn.includes(':assumed-role/') ? 'assumed-role' : 'user',
        account: ctx.account,
        arn: input.CallerArn,
      }
    : source.principal
  const labels = new Map<CompiledPolicy, Labeled>()
  for (const l of [...identity, ...(boundary ?? [])]) labels.set(l.policy, l)
  const set: PolicySet = { identity: identity.map((l) => l.policy) }
  if (boundary) set.boundary = boundary.map((l) => l.policy)
  const context = contextOf(input.ContextEntries, source, ctx)
  const results: EvaluationResult[] = []
  for (const action of input.ActionNames) {
    for (const resource of input.ResourceArns ?? ['*']) {
      const d: Decision = evaluate(set, {
        principal,
        action,
        resource,
        context,
        ...(resourcePolicy ? { resourcePolicy } : {}),
      })
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISION[d.reason] ?? 'explicitDeny',
        MatchedStatements: d.matched.map((m) => {
          const l = labels.get(m.policy)
          return {
            SourcePolicyId: l?.id ?? 'ResourcePolicy',
            SourcePolicyType: l?.type ?? 'resource',
          }
        }),
        MissingContextValues: [],
      })
    }
  }
  return results
}
