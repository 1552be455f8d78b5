import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { MetadataError, type Migration } from './metadata.js'
import { openSqliteStore } from './sqlite.js'

const migrations: Migration[] = [
  {
    version: 1,
    name: 'streams',
    up: 'CREATE TABLE streams (name TEXT PRIMARY KEY, shards INTEGER NOT NULL)',
  },
  {
    version: 2,
    name: 'seed',
    up: (db) => db.run('INSERT INTO streams (name, shards) VALUES (?, ?)', ['seeded', 1]),
  },
]

test('migrations run once, in order, and are recorded per service', () => {
  const db = openSqliteStore(':memory:')
  const order: number[] = []
  const tracked = migrations.map((m) => ({
    ...m,
    up: (s: Parameters<Exclude<Migration['up'], string>>[0]) => {
      order.push(m.version)
      if (typeof m.up === 'string') s.exec(m.up)
      else m.up(s)
    },
  }))
  // Given out of order on purpose: the store sorts by version.
  db.migrate('kinesis', [tracked[1]!, tracked[0]!])
  db.migrate('kinesis', tracked)
  assert.deepEqual(order, [1, 2])
  assert.equal(db.schemaVersion('kinesis'), 2)
  assert.equal(db.schemaVersion('s3'), 0)
  assert.deepEqual(db.all('SELECT name FROM streams'), [{ name: 'seeded' }])
  db.close()
})

test('column() returns first columns; the same SQL through all() still returns objects', () => {
  const db = openSqliteStore(':memory:')
  db.exec("CREATE TABLE t (a TEXT, b INTEGER); INSERT INTO t VALUES ('x', 1), ('y', 2)")
  const sql = 'SELECT a, b FROM t ORDER BY a'
  assert.deepEqual(db.column(sql), ['x', 'y'])
  assert.deepEqual(db.all(sql), [
    { a: 'x', b: 1 },
    { a: 'y', b: 2 },
  ])
  assert.deepEqual(db.column(sql), ['x', 'y'])
  db.close()
})

test('a third migration added later is applied alone', () => {
  const db = openSqliteStore(':memory:')
  db.migrate('kinesis', migrations)
  db.migrate('kinesis', [
    ...migrations,
    { version: 3, name: 'add column', up: 'ALTER TABLE streams ADD COLUMN arn TEXT' },
  ])
  assert.equal(db.schemaVersion('kinesis'), 3)
  assert.equal(db.all('SELECT * FROM streams').length, 1)
  db.close()
})

test('a database newer than the code is refused with a clear error', () => {
  const db = openSqliteStore(':memory:')
  db.migrate('kinesis', migrations)
  assert.throws(
    () => db.migrate('kinesis', migrations.slice(0, 1)),
    (e: unknown) =>
      e instanceof MetadataError &&
      e.message ===
        "metadata for service 'kinesis' is at schema version 2, but this Millrace knows only up to version 1: the data dir was written by a newer Millrace; upgrade Millrace",
  )
  db.close()
})

test('a failing migration rolls back entirely and is not recorded', () => {
  const db = openSqliteStore(':memory:')
  const bad: Migration[] = [
    { version: 1, name: 'half', up: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER)' },
  ]
  assert.throws(() => db.migrate('glue', bad), /migration 1 \(half\) of service 'glue' failed/)
  assert.equal(db.schemaVersion('glue'), 0)
  assert.equal(db.get("SELECT name FROM sqlite_master WHERE name = 'a'"), undefined)
  db.close()
})

test('gaps in migration numbers are rejected', () => {
  const db = openSqliteStore(':memory:')
  assert.throws(
    () => db.migrate('s3', [{ version: 2, name: 'x', up: 'SELECT 1' }]),
    /numbered 1\.\.1 without gaps/,
  )
  db.close()
})

test('nested transactions roll back only the inner savepoint when caught', () => {
  const db = openSqliteStore(':memory:')
  db.migrate('kinesis', migrations.slice(0, 1))
  db.transaction(() => {
    db.run('INSERT INTO streams VALUES (?, ?)', ['outer', 1])
    assert.throws(() =>
      db.transaction(() => {
        db.run('INSERT INTO streams VALUES (?, ?)', ['inner', 1])
        throw new Error('boom')
      }),
    )
    db.transaction(() => db.run('INSERT INTO streams VALUES (?, ?)', ['inner2', 1]))
  })
  assert.deepEqual(
    db.all<{ name: string }>('SELECT name FROM streams ORDER BY name').map((r) => r.name),
    ['inner2', 'outer'],
  )
  // An outer throw discards everything, including released savepoints.
  assert.throws(() =>
    db.transaction(() => {
      db.transaction(() => db.run('INSERT INTO streams VALUES (?, ?)', ['gone', 1]))
      throw new Error('outer fails')
    }),
  )
  assert.equal(db.get('SELECT name FROM streams WHERE name = ?', ['gone']), undefined)
  db.close()
})

test('async transaction functions are rejected and rolled back', () => {
  const db = openSqliteStore(':memory:')
  db.migrate('kinesis', migrations.slice(0, 1))
  assert.throws(
    () =>
      db.transaction(() => {
        db.run('INSERT INTO streams VALUES (?, ?)', ['x', 1])
        return Promise.resolve()
      }),
    /must be synchronous/,
  )
  assert.equal(db.all('SELECT * FROM streams').length, 0)
  db.close()
})

test('parameters bind positionally and by name; booleans and bytes are normalized', () => {
  const db = openSqliteStore(':memory:', { statementCacheSize: 1 })
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, flag INTEGER, data BLOB)')
  const r = db.run('INSERT INTO t VALUES (@k, @flag, @data)', {
    k: "x'); DROP TABLE t; --",
    flag: true,
    data: new Uint8Array([1, 2, 3]),
  })
  assert.equal(r.changes, 1)
  const row = db.get<{ k: string; flag: number; data: Buffer }>('SELECT * FROM t WHERE k = ?', [
    "x'); DROP TABLE t; --",
  ])
  assert.equal(row?.flag, 1)
  assert.deepEqual([...(row?.data ?? [])], [1, 2, 3])
  assert.deepEqual([...db.iterate<{ k: string }>('SELECT k FROM t')].length, 1)
  db.close()
  db.close()
})

test('file databases use WAL and enforce foreign keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'millrace-sqlite-'))
  try {
    const db = openSqliteStore(join(dir, 'meta.db'), { fsync: 'always' })
    assert.deepEqual(db.get('PRAGMA journal_mode'), { journal_mode: 'wal' })
    assert.deepEqual(db.get('PRAGMA synchronous'), { synchronous: 2 })
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))')
    assert.throws(() => db.run('INSERT INTO c VALUES (?)', [42]), /FOREIGN KEY/)
    db.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
