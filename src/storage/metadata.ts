/**
 * The metadata store every service store talks to. Kept narrow (plain SQL with bound
 * parameters, synchronous transactions) so a PostgreSQL implementation can satisfy it later;
 * SQL written against it should stay in the common subset of SQLite and PostgreSQL.
 */

/** Bound parameters only: values are never spliced into SQL text. */
export type SqlValue = string | number | bigint | boolean | Buffer | Uint8Array | null
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>

export interface RunResult {
  changes: number
  lastInsertRowid: number | bigint
}

/** One numbered schema step of one service. Versions start at 1 and have no gaps. */
export interface Migration {
  version: number
  /** Short human description, kept for error messages and debugging. */
  name: string
  /** Either SQL (may hold several statements) or a function run inside the migration's transaction. */
  up: string | ((db: MetadataStore) => void)
}

/**
 * SQL conventions for stores on this interface:
 * - A LIMIT taken from a parameter is written `LIMIT ?+0`, not `LIMIT ?`: with a bare parameter
 *   each run of the statement costs about 4 µs more on SQLite 3.53 (measured; as an expression
 *   the limit is no longer something the planner re-plans for on every binding).
 */
export interface MetadataStore {
  /**
   * Applies the service's migrations not yet applied, each once, in version order, each in
   * its own transaction. Throws if the database holds a newer version than `migrations` knows.
   */
  migrate(service: string, migrations: readonly Migration[]): void
  /** Highest applied migration version for a service (0 when none). */
  schemaVersion(service: string): number
  /**
   * Runs `fn` in a transaction; synchronous on purpose (no `await` inside a mutation).
   * Nested calls become savepoints: an inner throw rolls back only the inner part if caught.
   */
  transaction<T>(fn: () => T): T
  /** Whether a transaction is open (SQLite ends one by itself on some errors, e.g. a full disk). */
  readonly inTransaction: boolean
  run(sql: string, params?: SqlParams): RunResult
  get<T>(sql: string, params?: SqlParams): T | undefined
  all<T>(sql: string, params?: SqlParams): T[]
  /**
   * The first column of each row: one value per row, no object (or array) around it. A wide scan
   * on a hot path (listings) selects its columns concatenated into one text: a JS value costs
   * more to make than SQLite's concatenation.
   */
  column<T>(sql: string, params?: SqlParams): T[]
  /** Streams rows for large scans without materializing them all. */
  iterate<T>(sql: string, params?: SqlParams): IterableIterator<T>
  /** Runs schema SQL (several statements, no parameters); for migrations only. */
  exec(sql: string): void
  close(): void
}

export class MetadataError extends Error {
  override name = 'MetadataError'
}
