import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type BusLogger, createEventBus } from './event-bus.js'

declare module './event-bus.js' {
  interface EventMap {
    'test:Ping': { n: number }
    'test:Pong': { text: string }
    'other:Thing': { ok: boolean }
  }
}

const recordingLogger = (): BusLogger & { errors: Array<{ obj: object; msg: string }> } => {
  const errors: Array<{ obj: object; msg: string }> = []
  return { errors, error: (obj, msg) => errors.push({ obj, msg }) }
}

test('handlers run asynchronously, after the publisher returns', async () => {
  const bus = createEventBus()
  const seen: number[] = []
  bus.subscribe('test:Ping', (e) => {
    seen.push(e.n)
  })
  bus.publish('test:Ping', { n: 1 })
  bus.publish('test:Ping', { n: 2 })
  assert.deepEqual(seen, [])
  await bus.idle()
  assert.deepEqual(seen, [1, 2])
})

test('a throwing or rejecting handler is logged and isolated', async () => {
  const log = recordingLogger()
  const bus = createEventBus({ log })
  const seen: string[] = []
  bus.subscribe('test:Ping', () => {
    throw new Error('sync boom')
  })
  bus.subscribe('test:Ping', async () => {
    throw new Error('async boom')
  })
  bus.subscribe('test:Ping', (e) => {
    seen.push(`ok ${e.n}`)
  })
  assert.doesNotThrow(() => bus.publish('test:Ping', { n: 7 }))
  await bus.idle()
  assert.deepEqual(seen, ['ok 7'])
  assert.equal(log.errors.length, 2)
  assert.deepEqual(log.errors.map((e) => (e.obj as { err: Error }).err.message).sort(), [
    'async boom',
    'sync boom',
  ])
  assert.equal((log.errors[0]!.obj as { eventType: string }).eventType, 'test:Ping')
})

test('unsubscribe stops delivery; other types are not delivered', async () => {
  const bus = createEventBus()
  const seen: number[] = []
  const off = bus.subscribe('test:Ping', (e) => {
    seen.push(e.n)
  })
  bus.publish('test:Pong', { text: 'x' })
  bus.publish('test:Ping', { n: 1 })
  await bus.idle()
  off()
  off()
  bus.publish('test:Ping', { n: 2 })
  await bus.idle()
  assert.deepEqual(seen, [1])
})

test('prefix subscribers receive typed envelopes', async () => {
  const bus = createEventBus()
  const seen: string[] = []
  bus.subscribePrefix('test:', (env) => {
    if (env.type === 'test:Ping') seen.push(`ping ${env.event.n}`)
    else if (env.type === 'test:Pong') seen.push(`pong ${env.event.text}`)
  })
  const all: string[] = []
  bus.subscribePrefix('', (env) => {
    all.push(env.type)
  })
  bus.publish('test:Ping', { n: 3 })
  bus.publish('other:Thing', { ok: true })
  bus.publish('test:Pong', { text: 'hi' })
  await bus.idle()
  assert.deepEqual(seen, ['ping 3', 'pong hi'])
  assert.deepEqual(all, ['test:Ping', 'other:Thing', 'test:Pong'])
})

test('idle waits for slow async handlers', async () => {
  const bus = createEventBus()
  let isDone = false
  bus.subscribe('test:Ping', async () => {
    await new Promise((r) => setTimeout(r, 20))
    isDone = true
  })
  bus.publish('test:Ping', { n: 1 })
  await bus.idle()
  assert.equal(isDone, true)
})
