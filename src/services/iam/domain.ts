/** IAM domain helpers shared by the handlers: lookups, validation, attachments, paging. */
import { compiled, PolicyError, type PolicyKind, policySize } from '../../iam/policy.js'
import type { MemoryCredentialStore } from '../../server/credentials.js'
import type { Ctx, ServiceState } from '../types.js'
import {
  type EntityType,
  invalidArn,
  limitExceeded,
  malformed,
  noSuch,
  noSuchInline,
  notAttachable,
  quota,
} from './errors.js'
import { AWS_MANAGED, AWS_MANAGED_CREATED } from './managed-policies.js'
import type { AccountState, GroupRow, IamStore, PolicyRow, RoleRow, UserRow } from './store.js'

export interface IamState extends ServiceState {
  store: IamStore
  credentials: MemoryCredentialStore
}

export const iamOf = (ctx: Ctx): IamState => ctx.services.get<IamState>('iam')

export const accountOf = (ctx: Ctx): AccountState => iamOf(ctx).store.account(ctx.account)

export const change = <T>(ctx: Ctx, fn: (a: AccountState, store: IamStore) => T): T => {
  const { store } = iamOf(ctx)
  return store.change(() => fn(store.account(ctx.account), store))
}

const KIND_OF = { user: 'user', role: 'role', group: 'group' } as const
type Target = UserRow | GroupRow | RoleRow

const mapOf = (a: AccountState, type: EntityType): Map<string, Target> =>
  (type === 'user' ? a.users : type === 'role' ? a.roles : a.groups) as Map<string, Target>

export const mustUser = (a: AccountState, name: string): UserRow => {
  const u = a.users.get(name.toLowerCase())
  if (!u) throw noSuch('user', name)
  return u
}

export const mustRole = (a: AccountState, name: string): RoleRow => {
  const r = a.roles.get(name.toLowerCase())
  if (!r) throw noSuch('role', name)
  return r
}

export const mustGroup = (a: AccountState, name: string): GroupRow => {
  const g = a.groups.get(name.toLowerCase())
  if (!g) throw noSuch('group', name)
  return g
}

export const mustTarget = (a: AccountState, type: EntityType, name: string): Target => {
  const t = mapOf(a, type).get(name.toLowerCase())
  if (!t) throw noSuch(type, name)
  return t
}

export const saveTarget = (store: IamStore, account: string, type: EntityType, row: Target): void =>
  store.put(account, KIND_OF[type], row.name.toLowerCase(), row)

/** Validates a document as IAM does on write: JSON, grammar, then size. */
export const validateDocument = (text: string, kind: PolicyKind): void => {
  try {
    compiled(text, kind)
  } catch (e) {
    if (e instanceof PolicyError) throw malformed(e.message)
    throw e
  }
}

/** Inline-policy size quotas are per entity and count all its inline policies together. */
const INLINE_LIMIT: Record<EntityType, number> = { user: 2048, group: 5120, role: 10240 }
const ATTACH_QUOTA: Record<EntityType, string> = {
  user: 'PoliciesPerUser',
  group: 'PoliciesPerGroup',
  role: 'PoliciesPerRole',
}
export const MAX_ATTACHED = 10
export const MANAGED_POLICY_SIZE = 6144
export const TRUST_POLICY_SIZE = 2048

export const checkInlineSize = (type: EntityType, row: Target, name: string, doc: string): void => {
  const others = row.inline
    .filter((p) => p.name !== name)
    .reduce((n, p) => n + policySize(p.document), 0)
  if (others + policySize(doc) > INLINE_LIMIT[type]) {
    throw limitExceeded(
      `Maximum policy size of ${INLINE_LIMIT[type]} bytes exceeded for ${type} ${row.name}`,
    )
  }
}

export const checkAttachQuota = (type: EntityType, row: Target): void => {
  if (row.attached.length >= MAX_ATTACHED) throw quota(ATTACH_QUOTA[type], MAX_ATTACHED)
}

export const getInline = (row: Target, type: EntityType, name: string): string => {
  const p = row.inline.find((x) => x.name === name)
  if (!p) throw noSuchInline(type, name)
  return p.document
}

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy(\/[\x21-\x7e]*)?\/[\w+=,.@-]+$/

export const checkPolicyArn = (arn: string): void => {
  if (!POLICY_ARN.test(arn)) throw invalidArn(arn)
}

/** A managed policy's default document, customer or AWS managed; undefined if none. */
export const managedDocument = (a: AccountState, arn: string): string | undefined => {
  const aws = AWS_MANAGED.get(arn)
  if (aws) return aws.document
  const p = a.policies.get(arn)
  return p?.versions.find((v) => v.id === p.defaultVersion)?.document
}

export interface ManagedView {
  arn: string
  name: string
  path: string
  id: string
  createDate: number
  updateDate: number
  description?: string
  defaultVersion: string
  isAws: boolean
  row?: PolicyRow
}

export const findManaged = (a: AccountState, arn: string): ManagedView | undefined => {
  const aws = AWS_MANAGED.get(arn)
  if (aws) {
    return {
      arn,
      name: aws.name,
      path: aws.path,
      id: aws.id,
      createDate: AWS_MANAGED_CREATED,
      updateDate: AWS_MANAGED_CREATED,
      description: aws.description,
      defaultVersion: aws.version,
      isAws: true,
    }
  }
  const p = a.policies.get(arn)
  if (!p) return undefined
  return { ...p, isAws: false, row: p }
}

export const mustAttachable = (a: AccountState, arn: string): ManagedView => {
  checkPolicyArn(arn)
  const p = findManaged(a, arn)
  if (!p) throw notAttachable(arn)
  return p
}

/** Everything a policy is attached to, for counts, ListEntitiesForPolicy and delete checks. */
export const attachmentsOf = (
  a: AccountState,
  arn: string,
): { users: UserRow[]; groups: GroupRow[]; roles: RoleRow[] } => ({
  users: [...a.users.values()].filter((u) => u.attached.includes(arn) || u.boundary === arn),
  groups: [...a.groups.values()].filter((g) => g.attached.includes(arn)),
  roles: [...a.roles.values()].filter((r) => r.attached.includes(arn) || r.boundary === arn),
})

/** IAM's Marker/MaxItems paging (default page 100); the marker is an opaque offset. */
export const page = <T>(
  items: readonly T[],
  marker: string | undefined,
  maxItems: number | undefined,
): { items: T[]; IsTruncated: boolean; Marker?: string } => {
  const start = marker
    ? Number.parseInt(Buffer.from(marker, 'base64').toString('utf8'), 10) || 0
    : 0
  const size = maxItems ?? 100
  const slice = items.slice(start, start + size)
  const next = start + size
  return next < items.length
    ? { items: slice, IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64') }
    : { items: slice, IsTruncated: false }
}

export const byPrefix = <T extends { path: string }>(
  rows: Iterable<T>,
  prefix: string | undefined,
): T[] => [...rows].filter((r) => !prefix || r.path.startsWith(prefix))

export const normalizePath = (path: string | undefined): string => path ?? '/'
