#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test (TypeScript through tsx).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'gen' ? [] : walk(p)
    return e.name.endsWith('.test.ts') ? [p] : []
  })

const filter = process.argv.slice(2)
const files = ['src', 'test']
  .flatMap((d) => walk(d))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  {
    stdio: 'inherit',
    // The SDK warns that releases after January 2027 need Node 22; ours are pinned by the lockfile.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
)
process.exit(r.status ?? 1)
