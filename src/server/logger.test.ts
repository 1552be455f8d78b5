import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Runs `body` in a fresh process (so pino's module cache starts empty); returns its stdout. */
const run = (body: string): string => {
  const script = `
import { createRequire } from 'node:module'
import { createLogger } from './src/server/logger.ts'
const pinoLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/pino/pino.js'))
${body}`
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

test('lines below the level are dropped without loading pino', () => {
  const out = run(`
const log = createLogger('warn')
log.info({ a: 1 }, 'not shown')
log.debug('not shown either')
console.log(JSON.stringify({ loaded: pinoLoaded() }))`)
  assert.deepEqual(JSON.parse(out.trim()), { loaded: false })
})

test('the first line at the level loads pino and is written as pino writes it', () => {
  const out = run(`
const log = createLogger('info')
log.info('first')
log.error({ requestId: 'r1' }, 'second')
await new Promise((r) => setTimeout(r, 50))
console.log(JSON.stringify({ loaded: pinoLoaded() }))`)
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  assert.equal(lines.length, 3)
  assert.equal(lines[0].msg, 'first')
  assert.equal(lines[0].level, 30)
  assert.equal(lines[1].msg, 'second')
  assert.equal(lines[1].level, 50)
  assert.equal(lines[1].requestId, 'r1')
  assert.equal(lines[0].pid, undefined, 'no base fields, as configured')
  assert.deepEqual(lines[2], { loaded: true })
})

test('silent logs nothing', () => {
  const out = run(`
const log = createLogger('silent')
log.fatal('nothing')
console.log(JSON.stringify({ loaded: pinoLoaded() }))`)
  assert.deepEqual(JSON.parse(out.trim()), { loaded: false })
})
