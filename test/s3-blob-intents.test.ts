/**
 * Body files a crash could orphan (kill -9 between a body's rename and its row's commit, or
 * between a commit and unlinking what it freed) are found and removed on the next open, and
 * files that committed rows still use are kept.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import Database from 'better-sqlite3'
import { startServer } from '../src/server/start.js'
import { INLINE_MAX_BYTES } from '../src/services/s3/ingest.js'
import { TEST_CREDENTIALS, testConfig } from '../src/testing/cloud.js'

const start = (dataDir: string) => startServer(testConfig(dataDir))

const s3At = (url: string) =>
  new S3Client({
    region: 'us-east-1',
    endpoint: url,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  })

const blobFiles = async (objectsDir: string): Promise<string[]> => {
  const out: string[] = []
  for (const d of await readdir(objectsDir)) out.push(...(await readdir(join(objectsDir, d))))
  return out.sort()
}

it('an orphaned body file is removed on the next open; a referenced one is kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'millrace-intents-'))
  let server = await start(dir)
  try {
    let s3 = s3At(server.url)
    await s3.send(new CreateBucketCommand({ Bucket: 'intent-bucket' }))
    // Larger than what is kept inline, so the body is a file.
    const Body = Buffer.alloc(INLINE_MAX_BYTES + 1, 'k')
    await s3.send(new PutObjectCommand({ Bucket: 'intent-bucket', Key: 'k', Body }))
    await server.stop()

    // What a crash leaves: a renamed body no row references, and an intent for a committed body.
    const objects = join(dir, 'objects')
    const [kept] = await blobFiles(objects)
    assert.ok(kept)
    const orphan = randomBytes(16).toString('hex')
    await mkdir(join(objects, orphan.slice(0, 2)), { recursive: true })
    await writeFile(join(objects, orphan.slice(0, 2), orphan), 'half-committed')
    const db = new Database(join(dir, 'meta.db'))
    db.prepare('INSERT INTO s3_blob_intents (id) VALUES (?), (?)').run(orphan, kept)
    db.close()

    server = await start(dir)
    s3 = s3At(server.url)
    // Opening S3 (first request) schedules the check in the background; wait for its effect.
    const body = await s3.send(new GetObjectCommand({ Bucket: 'intent-bucket', Key: 'k' }))
    assert.deepEqual(Buffer.from((await body.Body?.transformToByteArray()) ?? []), Body)
    let files = await blobFiles(objects)
    for (let i = 0; i < 100 && files.includes(orphan); i++) {
      await new Promise((r) => setTimeout(r, 20))
      files = await blobFiles(objects)
    }
    assert.deepEqual(files, [kept])
    await server.stop()
    const check = new Database(join(dir, 'meta.db'), { readonly: true })
    assert.deepEqual(check.prepare('SELECT id FROM s3_blob_intents').all(), [])
    check.close()
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
})
