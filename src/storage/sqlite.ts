import Database from 'better-sqlite3'
import type { FsyncPolicy } from './atomic-write.js'
import {
  MetadataError,
  type MetadataStore,
  type Migration,
  type RunResult,
  type SqlParams,
  type SqlValue,
} from './metadata.js'
import { sqliteNativeBinding } from './sqlite-binding.js'

export interface SqliteOptions {
  /** 'always' makes commits survive power loss (synchronous=FULL); otherwise NORMAL, which in WAL mode survives process crashes. */
  fsync?: FsyncPolicy
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
  /** Prepared statements kept per connection, least recently used evicted first. */
  statementCacheSize?: number
}

type Statement = Database.Statement<unknown[], unknown>
type Bindable = string | number | bigint | Buffer | null

// better-sqlite3 binds neither booleans nor plain Uint8Arrays; normalize at the boundary.
const toBindable = (v: SqlValue): Bindable => {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof Uint8Array && !Buffer.isBuffer(v))
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  return v as Bindable
}

const toArgs = (params: SqlParams | undefined): unknown[] => {
  if (params === undefined) return []
  if (Array.isArray(params)) return (params as readonly SqlValue[]).map(toBindable)
  const named: Record<string, Bindable> = {}
  for (const [k, v] of Object.entries(params as Readonly<Record<string, SqlValue>>)) {
    named[k] = toBindable(v)
  }
  return [named]
}

const isThenable = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  service TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (service, version)
)`

/** Opens (creating if needed) a SQLite metadata store; use ':memory:' in unit tests. */
export const openSqliteStore = (path: string, options: SqliteOptions = {}): MetadataStore =>
  new SqliteStore(path, options)

class SqliteStore implements MetadataStore {
  readonly #db: Database.Database
  readonly #cache = new Map<string, Statement>()
  readonly #cacheSize: number
  readonly #controls = new Map<string, Statement>()
  #depth = 0

  constructor(path: string, options: SqliteOptions) {
    this.#db = new Database(path, { nativeBinding: sqliteNativeBinding() })
    this.#cacheSize = options.statementCacheSize ?? 256
    try {
      this.#db.pragma('journal_mode = WAL')
      this.#db.pragma(`synchronous = ${options.fsync === 'always' ? 'FULL' : 'NORMAL'}`)
      this.#db.pragma('foreign_keys = ON')
      this.#db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
      this.#db.exec(MIGRATIONS_TABLE)
    } catch (e) {
      this.#db.close()
      throw e
    }
  }

  /** `pluck` statements return first columns; cached apart from the same SQL returning objects. */
  #prepare(sql: string, pluck = false): Statement {
    const key = pluck ? `pluck:${sql}` : sql
    const hit = this.#cache.get(key)
    if (hit) {
      // Re-insert so Map order doubles as LRU order.
      this.#cache.delete(key)
      this.#cache.set(key, hit)
      return hit
    }
    const stmt = this.#db.prepare(sql) as Statement
    if (pluck) stmt.pluck(true)
    this.#cache.set(key, stmt)
    if (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value
      if (oldest !== undefined) this.#cache.delete(oldest)
    }
    return stmt
  }

  run(sql: string, params?: SqlParams): RunResult {
    const r = this.#prepare(sql).run(...toArgs(params))
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid }
  }

  get<T>(sql: string, params?: SqlParams): T | undefined {
    return this.#prepare(sql).get(...toArgs(params)) as T | undefined
  }

  all<T>(sql: string, params?: SqlParams): T[] {
    return this.#prepare(sql).all(...toArgs(params)) as T[]
  }

  column<T>(sql: string, params?: SqlParams): T[] {
    return this.#prepare(sql, true).all(...toArgs(params)) as T[]
  }

  iterate<T>(sql: string, params?: SqlParams): IterableIterator<T> {
    return this.#prepare(sql).iterate(...toArgs(params)) as IterableIterator<T>
  }

  exec(sql: string): void {
    this.#db.exec(sql)
  }

  /** BEGIN/COMMIT/ROLLBACK and savepoints as prepared statements: `exec` parses them each time. */
  #control(sql: string): Statement {
    let stmt = this.#controls.get(sql)
    if (!stmt) {
      stmt = this.#db.prepare(sql) as Statement
      this.#controls.set(sql, stmt)
    }
    return stmt
  }

  get inTransaction(): boolean {
    return this.#db.inTransaction
  }

  transaction<T>(fn: () => T): T {
    const isOuter = this.#depth === 0
    // Named by depth: one open savepoint per depth at a time, so the statements can be reused.
    const savepoint = `sp_${this.#depth}`
    // IMMEDIATE takes the write lock up front so a read-then-write never fails mid-way with BUSY.
    this.#control(isOuter ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`).run()
    this.#depth++
    let result: T
    try {
      result = fn()
      if (isThenable(result)) {
        throw new MetadataError(
          'transaction functions must be synchronous (no await inside a mutation)',
        )
      }
    } catch (e) {
      this.#depth--
      // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); don't mask the cause.
      if (this.#db.inTransaction) {
        if (isOuter) this.#control('ROLLBACK').run()
        else {
          this.#control(`ROLLBACK TO ${savepoint}`).run()
          this.#control(`RELEASE ${savepoint}`).run()
        }
      }
      throw e
    }
    this.#depth--
    this.#control(isOuter ? 'COMMIT' : `RELEASE ${savepoint}`).run()
    return result
  }

  schemaVersion(service: string): number {
    const row = this.get<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_migrations WHERE service = ?',
      [service],
    )
    return row?.v ?? 0
  }

  migrate(service: string, migrations: readonly Migration[]): void {
    const sorted = [...migrations].sort((a, b) => a.version - b.version)
    sorted.forEach((m, i) => {
      if (m.version !== i + 1) {
        throw new MetadataError(
          `migrations for service '${service}' must be numbered 1..${sorted.length} without gaps or duplicates; found version ${m.version} at position ${i + 1}`,
        )
      }
    })
    const known = sorted.length
    const current = this.schemaVersion(service)
    if (current > known) {
      throw new MetadataError(
        `metadata for service '${service}' is at schema version ${current}, but this Millrace knows only up to version ${known}: the data dir was written by a newer Millrace; upgrade Millrace`,
      )
    }
    for (const m of sorted.slice(current)) {
      try {
        this.transaction(() => {
          // Re-checked under the write lock in case another connection migrated meanwhile.
          if (this.schemaVersion(service) >= m.version) return
          if (typeof m.up === 'string') this.exec(m.up)
          else m.up(this)
          this.run(
            'INSERT INTO schema_migrations (service, version, name, applied_at) VALUES (?, ?, ?, ?)',
            [service, m.version, m.name, Date.now()],
          )
        })
      } catch (e) {
        throw new MetadataError(
          `migration ${m.version} (${m.name}) of service '${service}' failed and was rolled back: ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        )
      }
    }
  }

  close(): void {
    if (!this.#db.open) return
    this.#cache.clear()
    this.#controls.clear()
    this.#db.close()
  }
}
