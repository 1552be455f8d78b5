/**
 * IAM state: users, groups, roles, managed policies (with versions), access keys, instance
 * profiles and STS sessions, per account. IAM is read on every authorized request, so the rows
 * live in memory (Maps keyed by lower-cased name: IAM names are case-insensitively unique) and
 * every mutation is written through to the metadata DB as one JSON row per entity.
 */
import { randomBytes } from 'node:crypto'
import type { Principal } from '../../server/principal.js'
import type { MetadataStore } from '../../storage/metadata.js'

export interface TagRow {
  Key: string
  Value: string
}

export interface InlinePolicyRow {
  name: string
  document: string
}

interface Attachable {
  inline: InlinePolicyRow[]
  /** Managed policy ARNs. */
  attached: string[]
}

export interface UserRow extends Attachable {
  name: string
  path: string
  id: string
  arn: string
  createDate: number
  tags: TagRow[]
  boundary?: string
  /** Group names (as created). */
  groups: string[]
}

export interface GroupRow extends Attachable {
  name: string
  path: string
  id: string
  arn: string
  createDate: number
}

export interface RoleRow extends Attachable {
  name: string
  path: string
  id: string
  arn: string
  createDate: number
  trust: string
  description?: string
  maxSessionDuration: number
  tags: TagRow[]
  boundary?: string
  lastUsed?: number
}

export interface PolicyVersionRow {
  id: string
  document: string
  createDate: number
}

export interface PolicyRow {
  arn: string
  name: string
  path: string
  id: string
  createDate: number
  updateDate: number
  description?: string
  tags: TagRow[]
  defaultVersion: string
  versions: PolicyVersionRow[]
  nextVersion: number
}

export interface AccessKeyRow {
  id: string
  secret: string
  userName: string
  status: 'Active' | 'Inactive'
  createDate: number
  lastUsed?: number
}

export interface InstanceProfileRow {
  name: string
  path: string
  id: string
  arn: string
  createDate: number
  roles: string[]
  tags: TagRow[]
}

/** STS temporary credentials, kept so sessions survive a restart until they expire. */
export interface SessionRow {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiresAt: number
  principal: Principal
}

export interface AccountState {
  users: Map<string, UserRow>
  groups: Map<string, GroupRow>
  roles: Map<string, RoleRow>
  /** Customer managed policies by ARN. */
  policies: Map<string, PolicyRow>
  accessKeys: Map<string, AccessKeyRow>
  instanceProfiles: Map<string, InstanceProfileRow>
  sessions: Map<string, SessionRow>
  /** Deleted access keys: still refused (a deleted key must not fall back to the local root). */
  revokedKeys: Map<string, AccessKeyRow>
}

type Kind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'accesskey'
  | 'instanceprofile'
  | 'session'
  | 'revokedkey'

const MAP_OF: Record<Kind, keyof AccountState> = {
  user: 'users',
  group: 'groups',
  role: 'roles',
  policy: 'policies',
  accesskey: 'accessKeys',
  instanceprofile: 'instanceProfiles',
  session: 'sessions',
  revokedkey: 'revokedKeys',
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** IAM-style unique ids: a 4-letter prefix (AIDA, AROA, AKIA, ASIA…) and 17 (or 16) base32 chars. */
export const newId = (prefix: string, length = 17): string => {
  const bytes = randomBytes(length)
  let s = prefix
  for (const b of bytes) s += BASE32[b & 31]
  return s
}

export const newSecret = (): string => randomBytes(30).toString('base64').slice(0, 40)

export class IamStore {
  readonly #db: MetadataStore
  readonly #accounts = new Map<string, AccountState>()
  /** Bumped on every change: decision caches compare it. */
  generation = 0
  readonly #listeners: Array<() => void> = []

  constructor(db: MetadataStore) {
    this.#db = db
    db.migrate('iam', [
      {
        version: 1,
        name: 'iam entities',
        up: `CREATE TABLE iam_entities (
          account TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
          PRIMARY KEY (account, kind, key))`,
      },
    ])
    for (const row of db.iterate<{ account: string; kind: Kind; key: string; body: string }>(
      'SELECT account, kind, key, body FROM iam_entities',
    )) {
      const map = this.account(row.account)[MAP_OF[row.kind]] as Map<string, unknown>
      map.set(row.key, JSON.parse(row.body))
    }
  }

  account(account: string): AccountState {
    let a = this.#accounts.get(account)
    if (!a) {
      a = {
        users: new Map(),
        groups: new Map(),
        roles: new Map(),
        policies: new Map(),
        accessKeys: new Map(),
        instanceProfiles: new Map(),
        sessions: new Map(),
        revokedKeys: new Map(),
      }
      this.#accounts.set(account, a)
    }
    return a
  }

  accounts(): IterableIterator<[string, AccountState]> {
    return this.#accounts.entries()
  }

  /** Runs a synchronous change in one transaction and tells decision caches. */
  change<T>(fn: () => T): T {
    const out = this.#db.transaction(fn)
    this.generation++
    for (const l of this.#listeners) l()
    return out
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener)
  }

  put<K extends Kind>(account: string, kind: K, key: string, row: unknown): void {
    ;(this.account(account)[MAP_OF[kind]] as Map<string, unknown>).set(key, row)
    this.#db.run(
      `INSERT INTO iam_entities (account, kind, key, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (account, kind, key) DO UPDATE SET body = excluded.body`,
      [account, kind, key, JSON.stringify(row)],
    )
  }

  delete(account: string, kind: Kind, key: string): void {
    ;(this.account(account)[MAP_OF[kind]] as Map<string, unknown>).delete(key)
    this.#db.run('DELETE FROM iam_entities WHERE account = ? AND kind = ? AND key = ?', [
      account,
      kind,
      key,
    ])
  }
}
