/**
 * The operations users, groups and roles share (attach/detach managed policies, inline
 * policies), written once over the entity type.
 */
import type { AttachedPolicy } from '../../gen/iam.js'
import type { Ctx } from '../types.js'
import {
  accountOf,
  change,
  checkAttachQuota,
  checkInlineSize,
  checkPolicyArn,
  findManaged,
  getInline,
  mustAttachable,
  mustTarget,
  page,
  saveTarget,
  validateDocument,
} from './domain.js'
import { type EntityType, noSuchInline, policyNotAttached } from './errors.js'
import { encodeDocument } from './views.js'

export const attachPolicy = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  arn: string,
): Record<string, never> =>
  change(ctx, (a, store) => {
    const row = mustTarget(a, type, name)
    mustAttachable(a, arn)
    if (row.attached.includes(arn)) return {}
    checkAttachQuota(type, row)
    row.attached = [...row.attached, arn]
    saveTarget(store, ctx.account, type, row)
    return {}
  })

export const detachPolicy = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  arn: string,
): Record<string, never> =>
  change(ctx, (a, store) => {
    const row = mustTarget(a, type, name)
    checkPolicyArn(arn)
    if (!row.attached.includes(arn)) throw policyNotAttached(arn)
    row.attached = row.attached.filter((x) => x !== arn)
    saveTarget(store, ctx.account, type, row)
    return {}
  })

export const listAttached = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  input: { PathPrefix?: string; Marker?: string; MaxItems?: number },
): { AttachedPolicies: AttachedPolicy[]; IsTruncated: boolean; Marker?: string } => {
  const a = accountOf(ctx)
  const row = mustTarget(a, type, name)
  const all = row.attached.flatMap((arn) => {
    const p = findManaged(a, arn)
    return p && (!input.PathPrefix || p.path.startsWith(input.PathPrefix))
      ? [{ PolicyName: p.name, PolicyArn: arn }]
      : []
  })
  const { items, ...rest } = page(all, input.Marker, input.MaxItems)
  return { AttachedPolicies: items, ...rest }
}

export const putInline = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  policyName: string,
  document: string,
): Record<string, never> => {
  validateDocument(document, 'identity')
  return change(ctx, (a, store) => {
    const row = mustTarget(a, type, name)
    checkInlineSize(type, row, policyName, document)
    row.inline = [
      ...row.inline.filter((p) => p.name !== policyName),
      { name: policyName, document },
    ]
    saveTarget(store, ctx.account, type, row)
    return {}
  })
}

export const getInlinePolicy = (ctx: Ctx, type: EntityType, name: string, policyName: string) => {
  const row = mustTarget(accountOf(ctx), type, name)
  return {
    PolicyName: policyName,
    PolicyDocument: encodeDocument(getInline(row, type, policyName)),
  }
}

export const deleteInline = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  policyName: string,
): Record<string, never> =>
  change(ctx, (a, store) => {
    const row = mustTarget(a, type, name)
    if (!row.inline.some((p) => p.name === policyName)) throw noSuchInline(type, policyName)
    row.inline = row.inline.filter((p) => p.name !== policyName)
    saveTarget(store, ctx.account, type, row)
    return {}
  })

export const listInline = (
  ctx: Ctx,
  type: EntityType,
  name: string,
  input: { Marker?: string; MaxItems?: number },
): { PolicyNames: string[]; IsTruncated: boolean; Marker?: string } => {
  const row = mustTarget(accountOf(ctx), type, name)
  const { items, ...rest } = page(
    row.inline.map((p) => p.name).sort(),
    input.Marker,
    input.MaxItems,
  )
  return { PolicyNames: items, ...rest }
}
