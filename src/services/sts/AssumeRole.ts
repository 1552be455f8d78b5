/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * Not supported: MFA (SerialNumber/TokenCode accepted, not checked), TransitiveTagKeys,
 * SourceIdentity and ProvidedContexts (accepted, ignored).
 */
import type { AssumeRoleRequest, AssumeRoleResponse } from '../../gen/sts.js'
import { authorizeAssumeRole } from '../../iam/index.js'
import { compiled, PolicyError, policySize } from '../../iam/policy.js'
import { assumedRolePrincipal } from '../../iam/roles.js'
import { managedDocument } from '../iam/domain.js'
import type { Handler } from '../types.js'
import {
  assumeDenied,
  durationExceedsChaining,
  durationExceedsRole,
  malformedSessionPolicy,
  packedPolicyTooLarge,
  validationError,
} from './errors.js'
import { iamStateOf, mintSession } from './sessions.js'

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/
const PACKED_LIMIT = 2048

export const AssumeRole: Handler<AssumeRoleRequest, AssumeRoleResponse> = async (input, ctx) => {
  const state = await iamStateOf(ctx)
  const caller = ctx.principal
  const m = ROLE_ARN.exec(input.RoleArn)
  if (!m) throw validationError('Request ARN is invalid')
  const a = state.store.account(m[1]!)
  const role = a.roles.get(m[2]!.toLowerCase())
  if (!role || role.arn !== input.RoleArn) throw assumeDenied(caller.arn, input.RoleArn)
  const sessionPolicies = sessionPoliciesOf(input, (arn) => managedDocument(a, arn))
  const duration = input.DurationSeconds ?? 3600
  if (caller.kind === 'assumed-role' && duration > 3600) throw durationExceedsChaining()
  if (duration > role.maxSessionDuration) throw durationExceedsRole()
  if (ctx.config.iam !== 'off') {
    const extra: Record<string, string | string[]> = input.ExternalId
      ? { 'sts:ExternalId': input.ExternalId }
      : {}
    for (const t of input.Tags ?? []) extra[`aws:RequestTag/${t.Key}`] = t.Value
    if (input.Tags?.length) extra['aws:TagKeys'] = input.Tags.map((t) => t.Key)
    const facts = { region: ctx.region, extra }
    const d = await authorizeAssumeRole(ctx, caller, role.arn, role.trust, facts)
    if (!d.allowed && ctx.config.iam === 'enforce') throw assumeDenied(caller.arn, input.RoleArn)
    // Session tags need sts:TagSession in the trust policy as well.
    if (input.Tags?.length) {
      const t = await authorizeAssumeRole(
        ctx,
        caller,
        role.arn,
        role.trust,
        facts,
        'sts:TagSession',
      )
      if (!t.allowed && ctx.config.iam === 'enforce') {
        throw assumeDenied(caller.arn, input.RoleArn, 'sts:TagSession')
      }
    }
  }
  const sessionName = input.RoleSessionName
  const principal = {
    ...assumedRolePrincipal(m[1]!, role, sessionName),
    ...(sessionPolicies.length > 0 ? { sessionPolicies } : {}),
    ...(input.Tags?.length
      ? { sessionTags: Object.fromEntries(input.Tags.map((t) => [t.Key, t.Value])) }
      : {}),
  }
  const Credentials = mintSession(state, ctx, principal, duration)
  const packed = sessionPolicies.reduce((n, p) => n + policySize(p), 0)
  return {
    Credentials,
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    ...(sessionPolicies.length > 0
      ? { PackedPolicySize: Math.ceil((packed / PACKED_LIMIT) * 100) }
      : {}),
  }
}

/** Session policies: the inline Policy and the managed PolicyArns, as JSON documents. */
const sessionPoliciesOf = (
  input: AssumeRoleRequest,
  managed: (arn: string) => string | undefined,
): string[] => {
  const docs: string[] = []
  if (input.Policy !== undefined) {
    try {
      compiled(input.Policy, 'identity')
    } catch (e) {
      if (e instanceof PolicyError) throw malformedSessionPolicy(e.message)
      throw e
    }
    docs.push(input.Policy)
  }
  for (const d of input.PolicyArns ?? []) {
    const doc = d.arn ? managed(d.arn) : undefined
    if (!doc) throw validationError(`Invalid session policy ARN: ${d.arn ?? ''}`)
    docs.push(doc)
  }
  const packed = docs.reduce((n, p) => n + policySize(p), 0)
  if (packed > PACKED_LIMIT) throw packedPolicyTooLarge(Math.ceil((packed / PACKED_LIMIT) * 100))
  return docs
}
