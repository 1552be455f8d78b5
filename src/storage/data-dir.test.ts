import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { DATA_FORMAT, DataDirError, openDataDir } from './data-dir.js'

let root = ''
let seq = 0
const fresh = (): string => join(root, `d${++seq}`)
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'millrace-datadir-'))
})
after(() => rm(root, { recursive: true, force: true }))

const lockOf = (pid: number, host = hostname()): string =>
  JSON.stringify({ pid, host, startedAt: new Date().toISOString() })

test('a new data dir gets its layout, format file and metadata DB', async () => {
  const dir = fresh()
  const dd = await openDataDir(dir, { version: '0.1.0' })
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'millrace.json'), 'utf8')), {
    format: DATA_FORMAT,
    createdBy: '0.1.0',
  })
  for (const sub of ['objects', 'streams', 'tmp', 'meta.db', 'LOCK']) await access(join(dir, sub))
  dd.metadata.migrate('t', [{ version: 1, name: 'x', up: 'CREATE TABLE x (a INTEGER)' }])
  await dd.close()
  await assert.rejects(access(join(dir, 'LOCK')), { code: 'ENOENT' })
  // Reopening keeps the original creator and the migrated schema.
  const again = await openDataDir(dir, { version: '0.2.0' })
  assert.equal(again.createdBy, '0.1.0')
  assert.equal(again.metadata.schemaVersion('t'), 1)
  await again.close()
})

test('a data dir written by a newer format is refused', async () => {
  const dir = fresh()
  await mkdir(dir)
  await writeFile(join(dir, 'millrace.json'), JSON.stringify({ format: 7, createdBy: '3.0.0' }))
  await assert.rejects(
    openDataDir(dir, { version: '0.1.0', format: 2 }),
    (e: unknown) =>
      e instanceof DataDirError &&
      e.message ===
        `data dir ${dir} was written by Millrace format 7 (version 3.0.0); this Millrace (version 0.1.0) reads format 2: upgrade Millrace`,
  )
  // A refused open must not leave its lock behind.
  assert.deepEqual(await readdir(dir), ['millrace.json'])
})

test('a data dir in a format too old to migrate is refused', async () => {
  const dir = fresh()
  await mkdir(dir)
  await writeFile(join(dir, 'millrace.json'), JSON.stringify({ format: 1, createdBy: '0.0.1' }))
  await assert.rejects(
    openDataDir(dir, { version: '2.0.0', format: 4, minFormat: 3 }),
    (e: unknown) =>
      e instanceof DataDirError &&
      e.message ===
        `data dir ${dir} was written by Millrace format 1 (version 0.0.1); this Millrace (version 2.0.0) reads formats 3 to 4 and cannot migrate format 1: open it with an older Millrace and export it, or start a new data dir`,
  )
})

test('a damaged format file or a foreign non-empty dir is refused', async () => {
  const damaged = fresh()
  await mkdir(damaged)
  await writeFile(join(damaged, 'millrace.json'), '{oops')
  await assert.rejects(
    openDataDir(damaged, { version: '0.1.0' }),
    /millrace.json is not valid JSON/,
  )
  const foreign = fresh()
  await mkdir(foreign)
  await writeFile(join(foreign, 'notes.txt'), 'mine')
  await assert.rejects(
    openDataDir(foreign, { version: '0.1.0' }),
    new DataDirError(
      `data dir ${foreign} is not empty and has no millrace.json: refusing to use it (choose a new or empty directory)`,
    ),
  )
})

test('a lock held by a live process is refused; a second open in-process too', async () => {
  const dir = fresh()
  await mkdir(dir)
  const held = lockOf(process.ppid)
  await writeFile(join(dir, 'LOCK'), held)
  await assert.rejects(
    openDataDir(dir, { version: '0.1.0' }),
    new DataDirError(`data dir ${dir} is in use by process ${process.ppid}`),
  )
  // The live holder's lock is left exactly as it was.
  assert.equal(await readFile(join(dir, 'LOCK'), 'utf8'), held)
  await rm(join(dir, 'LOCK'))
  const first = await openDataDir(dir, { version: '0.1.0' })
  await assert.rejects(
    openDataDir(dir, { version: '0.1.0' }),
    new DataDirError(`data dir ${dir} is in use by process ${process.pid}`),
  )
  await first.close()
})

test('a stale lock (dead pid) is taken over', async () => {
  const dir = fresh()
  await mkdir(dir)
  const child = spawnSync(process.execPath, ['-e', '0'])
  assert.ok(child.pid)
  await writeFile(join(dir, 'LOCK'), lockOf(child.pid))
  const dd = await openDataDir(dir, { version: '0.1.0' })
  assert.equal(JSON.parse(await readFile(join(dir, 'LOCK'), 'utf8')).pid, process.pid)
  await dd.close()
})

test('temp leftovers from a crash are swept on open', async () => {
  const dir = fresh()
  const dd = await openDataDir(dir, { version: '0.1.0', fsync: 'always' })
  await dd.close()
  await writeFile(join(dir, 'tmp', 'abc.tmp'), 'half a blob')
  await writeFile(join(dir, 'tmp', 'def.tmp'), 'another')
  const again = await openDataDir(dir, { version: '0.1.0' })
  assert.equal(again.sweptTempFiles, 2)
  assert.deepEqual(await readdir(join(dir, 'tmp')), [])
  await again.close()
})
