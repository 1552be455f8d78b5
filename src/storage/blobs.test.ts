import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { after, before, describe, it } from 'node:test'
import { StreamTooLargeError } from './atomic-write.js'
import { type BlobStore, createBlobStore } from './blobs.js'

describe('blob store', () => {
  let dir: string
  let blobs: BlobStore
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'millrace-blobs-'))
    blobs = createBlobStore({ objectsDir: join(dir, 'objects'), tmpDir: dir, fsync: 'never' })
    await blobs.init()
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('writes through a temp file, seeing every byte in order, and reads ranges back', async () => {
    const id = blobs.newId()
    assert.match(id, /^[0-9a-f]{32}$/)
    const seen: string[] = []
    const { size } = await blobs.write(
      id,
      Readable.from([Buffer.from('hello '), Buffer.from('world')]),
      {
        onChunk: (c) => seen.push(c.toString()),
      },
    )
    assert.equal(size, 11)
    // Chunks may be coalesced on the way to the file; every byte is seen once, in order.
    assert.equal(seen.join(''), 'hello world')
    assert.equal(await text(await blobs.open([{ id, size }])), 'hello world')
    assert.equal(await text(await blobs.open([{ id, size }], 6, 8)), 'wor')
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    )
  })

  it('reads a window across several segments (multipart objects)', async () => {
    const parts = ['abc', 'defg', 'hi']
    const segments = []
    for (const p of parts) {
      const id = blobs.newId()
      const { size } = await blobs.write(id, Readable.from([Buffer.from(p)]))
      segments.push({ id, size })
    }
    assert.equal(await text(await blobs.open(segments)), 'abcdefghi')
    assert.equal(await text(await blobs.open(segments, 2, 7)), 'cdefgh')
    assert.equal(await text(await blobs.open(segments, 3, 6)), 'defg')
    assert.equal(await text(await blobs.open([], 0, -1)), '')
  })

  it('leaves nothing behind when a write exceeds its limit', async () => {
    const id = blobs.newId()
    await assert.rejects(
      blobs.write(id, Readable.from([Buffer.alloc(10)]), { maxBytes: 5 }),
      StreamTooLargeError,
    )
    await assert.rejects(blobs.open([{ id, size: 10 }]), { code: 'ENOENT' })
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    )
  })

  it('removes idempotently and refuses ids that are not its own', async () => {
    const id = blobs.newId()
    await blobs.write(id, Readable.from([Buffer.from('x')]))
    await blobs.remove(id)
    await blobs.remove(id)
    await assert.rejects(blobs.open([{ id, size: 1 }]), { code: 'ENOENT' })
    await assert.rejects(blobs.remove('../../etc/passwd'), /invalid blob id/)
  })
})
