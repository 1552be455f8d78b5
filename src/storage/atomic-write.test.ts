import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, test } from 'node:test'
import {
  StreamTooLargeError,
  sweepTempDir,
  writeFileAtomic,
  writeStreamAtomic,
} from './atomic-write.js'

let root = ''
let tmpDir = ''
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'millrace-atomic-'))
  tmpDir = join(root, 'tmp')
  await mkdir(tmpDir)
})
after(() => rm(root, { recursive: true, force: true }))

test('writeFileAtomic replaces content and leaves no temp file', async () => {
  const target = join(root, 'a.json')
  for (const fsync of ['never', 'batch', 'always'] as const) {
    await writeFileAtomic(target, `v-${fsync}`, { tmpDir, fsync })
    assert.equal(await readFile(target, 'utf8'), `v-${fsync}`)
  }
  assert.deepEqual(await readdir(tmpDir), [])
})

test('writeFileAtomic creates missing parent directories', async () => {
  const target = join(root, 'objects', 'ab', 'cd', 'obj1')
  await writeFileAtomic(target, new Uint8Array([1, 2]), { tmpDir, fsync: 'always' })
  assert.deepEqual([...(await readFile(target))], [1, 2])
})

test('writeStreamAtomic streams chunks, reports size and feeds hashes', async () => {
  const target = join(root, 'big.bin')
  const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16 * 1024, i))
  const md5 = createHash('md5')
  const r = await writeStreamAtomic(target, Readable.from(chunks), {
    tmpDir,
    fsync: 'batch',
    onChunk: (c) => md5.update(c),
  })
  const expected = Buffer.concat(chunks)
  assert.equal(r.size, expected.length)
  assert.equal(md5.digest('hex'), createHash('md5').update(expected).digest('hex'))
  assert.ok((await readFile(target)).equals(expected))
  assert.deepEqual(await readdir(tmpDir), [])
})

test('an error mid-stream keeps the old content and removes the temp file', async () => {
  const target = join(root, 'keep.txt')
  await writeFile(target, 'old')
  async function* failing(): AsyncGenerator<Buffer> {
    yield Buffer.from('new partial ')
    yield Buffer.from('content')
    throw new Error('client went away')
  }
  await assert.rejects(writeStreamAtomic(target, failing(), { tmpDir, fsync: 'always' }), {
    message: 'client went away',
  })
  assert.equal(await readFile(target, 'utf8'), 'old')
  assert.deepEqual(await readdir(tmpDir), [])
})

test('an aborted stream removes the temp file and leaves no target', async () => {
  const target = join(root, 'aborted.txt')
  const ac = new AbortController()
  async function* slow(): AsyncGenerator<Buffer> {
    yield Buffer.from('first')
    ac.abort()
    await new Promise((r) => setTimeout(r, 10))
    yield Buffer.from('second')
  }
  await assert.rejects(
    writeStreamAtomic(target, slow(), { tmpDir, fsync: 'never', signal: ac.signal }),
    {
      name: 'AbortError',
    },
  )
  await assert.rejects(readFile(target), { code: 'ENOENT' })
  assert.deepEqual(await readdir(tmpDir), [])
})

test('maxBytes stops an oversized stream', async () => {
  const target = join(root, 'limited.bin')
  await assert.rejects(
    writeStreamAtomic(target, Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), {
      tmpDir,
      fsync: 'never',
      maxBytes: 15,
    }),
    (e: unknown) => e instanceof StreamTooLargeError && e.limit === 15,
  )
  await assert.rejects(readFile(target), { code: 'ENOENT' })
  assert.deepEqual(await readdir(tmpDir), [])
})

test('sweepTempDir removes leftovers and tolerates a missing dir', async () => {
  await writeFile(join(tmpDir, 'x.tmp'), 'leftover')
  await mkdir(join(tmpDir, 'sub'))
  assert.equal(await sweepTempDir(tmpDir), 2)
  assert.deepEqual(await readdir(tmpDir), [])
  assert.equal(await sweepTempDir(join(root, 'nope')), 0)
})
