import assert from 'node:assert/strict'
import { test } from 'node:test'
import { groupCommit } from './group-commit.js'
import { openSqliteStore } from './sqlite.js'

const open = () => {
  const db = openSqliteStore(':memory:')
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)')
  let begins = 0
  const transaction = db.transaction.bind(db)
  // Counts outer transactions: nested calls are savepoints.
  let depth = 0
  db.transaction = <T>(fn: () => T): T => {
    if (depth === 0) begins++
    depth++
    try {
      return transaction(fn)
    } finally {
      depth--
    }
  }
  return { db, begins: () => begins }
}

test('writes submitted in one turn share one transaction and each gets its own result', async () => {
  const { db, begins } = open()
  const commit = groupCommit(db)
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      commit(() => db.run('INSERT INTO t (k, v) VALUES (?, ?)', [`k${i}`, i]).lastInsertRowid),
    ),
  )
  assert.deepEqual(
    results.map(Number),
    Array.from({ length: 10 }, (_, i) => i + 1),
  )
  assert.equal(begins(), 1)
  assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n, 10)
  db.close()
})

test('one failing write is rolled back alone; the others commit', async () => {
  const { db } = open()
  const commit = groupCommit(db)
  const ok1 = commit(() => db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]))
  const bad = commit(() => {
    db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2])
    throw new Error('precondition')
  })
  const dup = commit(() => db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 3]))
  const ok2 = commit(() => db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['c', 4]))
  await ok1
  await assert.rejects(bad, /precondition/)
  await assert.rejects(dup, /UNIQUE constraint failed/)
  await ok2
  assert.deepEqual(db.all('SELECT k, v FROM t ORDER BY k'), [
    { k: 'a', v: 1 },
    { k: 'c', v: 4 },
  ])
  db.close()
})

test('a write submitted after a flush goes in the next group; a lone write commits alone', async () => {
  const { db, begins } = open()
  const commit = groupCommit(db)
  await commit(() => db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]))
  await assert.rejects(
    commit(() => {
      db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 1])
      throw new Error('no')
    }),
    /no/,
  )
  assert.equal(begins(), 2)
  assert.deepEqual(db.all('SELECT k FROM t'), [{ k: 'a' }])
  db.close()
})
