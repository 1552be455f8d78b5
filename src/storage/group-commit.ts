/**
 * Group commit for the metadata store: mutations submitted in one event-loop turn share one
 * transaction (one BEGIN/COMMIT and one WAL append instead of one each), as the stream log batches
 * appends. Each runs in its own savepoint, so one that throws is rolled back alone and the others
 * commit. A promise settles only after the COMMIT: an acknowledged write survives a crash as a lone
 * transaction's would, and one that rejects left nothing behind.
 */
import type { MetadataStore } from './metadata.js'

interface Pending {
  fn: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Returns `commit(fn)`: runs the synchronous `fn` in the next group transaction. */
export const groupCommit = (db: MetadataStore): (<T>(fn: () => T) => Promise<T>) => {
  let queue: Pending[] = []

  const flush = (): void => {
    const batch = queue
    queue = []
    if (batch.length === 1) {
      const p = batch[0]!
      let value: unknown
      try {
        value = db.transaction(p.fn)
      } catch (e) {
        p.reject(e)
        return
      }
      p.resolve(value)
      return
    }
    const outcomes: Outcome[] = []
    try {
      db.transaction(() => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(p.fn) })
          } catch (error) {
            // SQLite ended the whole transaction (a full disk, an I/O error): nothing commits.
            if (!db.inTransaction) throw error
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (e) {
      for (const p of batch) p.reject(e)
      return
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!
      if (o.ok) p.resolve(o.value)
      else p.reject(o.error)
    })
  }

  return <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // setImmediate runs after the poll phase: every write whose request completed in this turn
      // is in the batch.
      if (queue.push({ fn, resolve: resolve as (v: unknown) => void, reject }) === 1)
        setImmediate(flush)
    })
}
