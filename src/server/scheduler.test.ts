import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  createManualClock,
  createScheduler,
  delay,
  type SchedulerLogger,
  type TaskRecord,
} from './scheduler.js'

const quietLog = (): SchedulerLogger & { count: number } => {
  const log = { count: 0, error: () => void log.count++ }
  return log
}

test('a one-shot task runs once and succeeds', async () => {
  const s = createScheduler()
  let calls = 0
  const h = s.schedule({
    name: 'activate stream',
    kind: 'kinesis:lifecycle',
    run: () => void calls++,
  })
  assert.equal(h.record().state, 'queued')
  const done = await h.done
  assert.equal(calls, 1)
  assert.equal(done.state, 'succeeded')
  assert.equal(done.runs, 1)
  assert.ok(done.startedAt !== undefined && done.finishedAt !== undefined)
  assert.deepEqual(JSON.parse(JSON.stringify(s.get(h.id))), s.get(h.id))
  await s.shutdown()
})

test('a throwing or rejecting task is captured as failed with its message', async () => {
  const log = quietLog()
  const s = createScheduler({ log })
  const sync = s.schedule({
    name: 'bad',
    kind: 'test',
    run: () => {
      throw new Error('sync failure')
    },
  })
  const async = s.schedule({
    name: 'bad2',
    kind: 'test',
    run: async () => Promise.reject(new Error('async failure')),
  })
  const [a, b] = await Promise.all([sync.done, async.done])
  assert.equal(a.state, 'failed')
  assert.equal(a.error, 'sync failure')
  assert.equal(b.state, 'failed')
  assert.equal(b.error, 'async failure')
  assert.equal(log.count, 2)
  assert.deepEqual(
    s.list().map((r) => r.state),
    ['failed', 'failed'],
  )
})

test('cancel dequeues a delayed task before it runs', async () => {
  const clock = createManualClock(1000)
  const s = createScheduler({ clock })
  let calls = 0
  const h = s.schedule({ name: 'later', kind: 'test', delayMs: 5000, run: () => void calls++ })
  assert.equal(h.record().nextRunAt, 6000)
  clock.advance(1000)
  h.cancel()
  const r = await h.done
  assert.equal(r.state, 'cancelled')
  assert.equal(r.finishedAt, 2000)
  clock.advance(10_000)
  assert.equal(calls, 0)
  assert.equal(clock.pendingTimers(), 0)
})

test('cancel aborts a running task through its signal', async () => {
  const s = createScheduler()
  let started: () => void = () => undefined
  const isStarted = new Promise<void>((r) => {
    started = r
  })
  const h = s.schedule({
    name: 'crawler run',
    kind: 'glue:crawler',
    run: async (signal) => {
      started()
      await delay(60_000, signal)
    },
  })
  await isStarted
  assert.equal(h.record().state, 'running')
  h.cancel()
  const r = await h.done
  assert.equal(r.state, 'cancelled')
  assert.equal(r.error, undefined)
})

test('recurring tasks run on the clock, survive failures and stop on cancel', async () => {
  const clock = createManualClock(0)
  const log = quietLog()
  const s = createScheduler({ clock, log })
  const runs: number[] = []
  const h = s.schedule({
    name: 'retention sweep',
    kind: 'kinesis:retention',
    everyMs: 100,
    delayMs: 100,
    run: () => {
      runs.push(clock.now())
      if (runs.length === 2) throw new Error('busy')
    },
  })
  const settle = () => new Promise((r) => setImmediate(r))
  for (let i = 0; i < 3; i++) {
    clock.advance(100)
    await settle()
  }
  assert.deepEqual(runs, [100, 200, 300])
  const rec = h.record()
  assert.equal(rec.state, 'queued')
  assert.equal(rec.runs, 3)
  assert.equal(rec.failures, 1)
  assert.equal(rec.error, 'busy')
  assert.equal(rec.nextRunAt, 400)
  h.cancel()
  assert.equal((await h.done).state, 'cancelled')
  clock.advance(1000)
  assert.equal(runs.length, 3)
})

test('shutdown cancels queued tasks, aborts running ones and respects its bound', async () => {
  const s = createScheduler()
  const changes: TaskRecord[] = []
  const s2 = createScheduler({ onChange: (r) => changes.push(r) })
  const queued = s.schedule({ name: 'q', kind: 'test', delayMs: 60_000, run: () => undefined })
  let started = 0
  const cooperative = s.schedule({
    name: 'coop',
    kind: 'test',
    run: async (signal) => {
      started++
      await delay(60_000, signal)
    },
  })
  const stubborn = s.schedule({
    name: 'stubborn',
    kind: 'test',
    run: async () => {
      started++
      await new Promise((r) => setTimeout(r, 300))
    },
  })
  while (started < 2) await new Promise((r) => setImmediate(r))
  const t0 = Date.now()
  const result = await s.shutdown(50)
  assert.ok(Date.now() - t0 < 250, 'shutdown must not wait past its bound')
  assert.deepEqual(
    result.stillRunning.map((r) => r.name),
    ['stubborn'],
  )
  assert.equal((await queued.done).state, 'cancelled')
  assert.equal((await cooperative.done).state, 'cancelled')
  assert.equal((await stubborn.done).state, 'cancelled')
  assert.throws(() => s.schedule({ name: 'late', kind: 'test', run: () => undefined }), /shut down/)
  // onChange sees every transition as a copy.
  const h = s2.schedule({ name: 'x', kind: 'test', run: () => undefined })
  await h.done
  assert.deepEqual(
    changes.map((c) => c.state),
    ['queued', 'running', 'succeeded'],
  )
  await s2.shutdown()
})

test('delay(0) resolves at once; an aborted signal rejects', async () => {
  let isResolved = false
  const p = delay(0).then(() => {
    isResolved = true
  })
  await Promise.resolve()
  await p
  assert.equal(isResolved, true)
  const ac = new AbortController()
  ac.abort()
  await assert.rejects(delay(10, ac.signal), { name: 'AbortError' })
})

test('finished tasks beyond the retention limit are forgotten, oldest first', async () => {
  const s = createScheduler({ retainFinished: 2 })
  const handles = [1, 2, 3].map((n) =>
    s.schedule({ name: `t${n}`, kind: 'test', run: () => undefined }),
  )
  for (const h of handles) await h.done
  assert.deepEqual(
    s.list().map((r) => r.name),
    ['t2', 't3'],
  )
})
