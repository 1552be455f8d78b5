/** `npm run demo` (the README's first command) runs the pipeline end to end and exits with --exit. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'

it('the demo walks the pipeline and reads back every record it put', () => {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-demo-'))
  try {
    const demo = join(import.meta.dirname, '..', 'examples', 'demo.ts')
    const args = [
      '--import',
      'tsx',
      demo,
      '--exit',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--log-level',
      'warn',
    ]
    const run = () =>
      spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        timeout: 60_000,
      })
    const first = run()
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /arn:aws:iam::000000000000:role\/millrace-demo-apigateway/)
    assert.match(first.stdout, /s3:\/\/millrace-demo-lake\/data\/ref\/titles\.csv \(70 bytes\)/)
    assert.match(first.stdout, /millrace-demo-clicks: ACTIVE, 2 open shards/)
    assert.match(first.stdout, /kinesis:PutRecord: allowed/)
    assert.match(first.stdout, /s3:GetObject: implicitDeny/)
    assert.match(first.stdout, /read 10 records/)
    // A second run on the same data dir finds everything in place and adds ten more records.
    const second = run()
    assert.equal(second.status, 0, second.stderr)
    assert.match(second.stdout, /read 20 records/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
