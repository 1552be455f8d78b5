import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openShardLog } from './stream-log.js'

const withDir = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'stream-log-'))
  try {
    await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test('appends in groups, reads back in order with limits, survives reopen', () =>
  withDir(async (dir) => {
    const log = await openShardLog(dir, { fsync: 'never', segmentBytes: 4096 })
    for (let i = 0; i < 300; i++) {
      assert.equal(log.append(`k${i}`, Buffer.from(`value-${i}`), 1000 + i), i)
      // Segments roll between groups, so commit in several.
      if (i % 20 === 19) await log.commit()
    }
    await log.commit()
    assert.equal(log.durableOffset, 300)
    const r = await log.read(0, 1000, 10 * 1024 * 1024, 0)
    assert.equal(r.records.length, 300)
    assert.equal(r.records[299]!.data.toString(), 'value-299')
    assert.equal(r.records[7]!.partitionKey, 'k7')
    assert.equal(r.next, 300)
    const limited = await log.read(10, 5, 1 << 20, 0)
    assert.deepEqual(
      limited.records.map((x) => x.offset),
      [10, 11, 12, 13, 14],
    )
    assert.equal(limited.next, 15)
    const byBytes = await log.read(0, 1000, 30, 0)
    assert.equal(byBytes.records.length, 3)
    assert.equal(await log.offsetAtTime(1100), 100)
    await log.close()
    // Segments rolled (4 KiB each), and a reopen sees the same records.
    assert.ok((await readdir(dir)).filter((n) => n.endsWith('.log')).length > 1)
    const again = await openShardLog(dir, { fsync: 'never', segmentBytes: 4096 })
    assert.equal(again.nextOffset, 300)
    const all = await again.read(250, 1000, 1 << 20, 0)
    assert.equal(all.records.length, 50)
    assert.equal(all.records[0]!.data.toString(), 'value-250')
    await again.close()
  }))

test('truncates a torn tail on open', () =>
  withDir(async (dir) => {
    const log = await openShardLog(dir, { fsync: 'always' })
    log.append('a', Buffer.from('one'), 1)
    log.append('b', Buffer.from('two'), 2)
    await log.commit()
    await log.close()
    const file = join(dir, `${'0'.padStart(20, '0')}.log`)
    const before = (await stat(file)).size
    // Half a frame: a crash in the middle of a write.
    await appendFile(file, Buffer.from([40, 0, 0, 0, 1, 2, 3]))
    const again = await openShardLog(dir, { fsync: 'always' })
    assert.equal(again.nextOffset, 2)
    assert.equal((await stat(file)).size, before)
    assert.equal(again.append('c', Buffer.from('three'), 3), 2)
    await again.commit()
    const r = await again.read(0, 10, 1 << 20, 0)
    assert.deepEqual(
      r.records.map((x) => x.data.toString()),
      ['one', 'two', 'three'],
    )
    await again.close()
  }))

test('retention drops whole segments and skips expired records', () =>
  withDir(async (dir) => {
    const log = await openShardLog(dir, { fsync: 'never', segmentBytes: 200 })
    for (let i = 0; i < 40; i++) {
      log.append('k', Buffer.alloc(20, i), i)
      if (i % 4 === 3) await log.commit()
    }
    const dropped = await log.dropBefore(20)
    assert.ok(dropped > 0)
    assert.ok(log.trimOffset > 0 && log.trimOffset <= 20)
    const r = await log.read(0, 100, 1 << 20, 20)
    assert.equal(r.records[0]!.offset, 20)
    assert.equal(r.records.length, 20)
    await log.close()
  }))

test('a group whose checksum fails is cut off whole (records exist only with their group)', () =>
  withDir(async (dir) => {
    const log = await openShardLog(dir, { fsync: 'never' })
    log.append('a', Buffer.from('one'), 1)
    log.append('a', Buffer.from('two'), 1)
    await log.commit()
    log.append('b', Buffer.from('three'), 2)
    log.append('b', Buffer.from('four'), 2)
    await log.commit()
    await log.close()
    const file = join(dir, `${'0'.padStart(20, '0')}.log`)
    const bytes = await readFile(file)
    // Damage one byte of the second group's last record ('four' sits just before the marker).
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 9) ^ 0xff, bytes.length - 9)
    await writeFile(file, bytes)
    const again = await openShardLog(dir, { fsync: 'never' })
    assert.equal(again.nextOffset, 2)
    const r = await again.read(0, 10, 1 << 20, 0)
    assert.deepEqual(
      r.records.map((x) => x.data.toString()),
      ['one', 'two'],
    )
    await again.close()
  }))
