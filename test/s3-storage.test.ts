/**
 * How S3 keeps keys and bodies on disk: keys as TEXT in S3's UTF-8 order (and data dirs written
 * with BLOB keys migrated), bodies inline in the metadata store or in files.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { parseConfig } from '../src/server/config.js'
import { startServer } from '../src/server/start.js'
import { S3_MIGRATIONS } from '../src/services/s3/store.js'
import { openDataDir } from '../src/storage/data-dir.js'
import { type Cloud, startCloud, TEST_CREDENTIALS } from '../src/testing/cloud.js'

const listAll = async (s3: S3Client, Bucket: string, extra: { Prefix?: string } = {}) => {
  const keys: string[] = []
  let ContinuationToken: string | undefined
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket, MaxKeys: 2, ContinuationToken, ...extra }),
    )
    keys.push(...(page.Contents ?? []).map((c) => c.Key!))
    ContinuationToken = page.NextContinuationToken
  } while (ContinuationToken)
  return keys
}

/** S3's order: UTF-8 bytes, so U+E000..U+FFFF sort before astral characters (JS sorts them after). */
const utf8Sorted = (keys: string[]) =>
  [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

const KEYS = [
  'a',
  'a/b',
  'ab',
  'é',
  'éa',
  'ê',
  '\uffefz',
  '\u{1f600}x',
  '\u{10ffff}',
  'z\u{10ffff}',
]

describe('S3 keys', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'keys' }))
    for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: 'keys', Key, Body: Key }))
  })
  after(() => cloud.stop())

  it('lists in UTF-8 byte order across pages', async () => {
    assert.deepEqual(await listAll(s3, 'keys'), utf8Sorted(KEYS))
  })

  it('a prefix ending in a multi-byte or the highest code point bounds the range', async () => {
    assert.deepEqual(await listAll(s3, 'keys', { Prefix: 'é' }), ['é', 'éa'])
    assert.deepEqual(await listAll(s3, 'keys', { Prefix: '\u{10ffff}' }), ['\u{10ffff}'])
    assert.deepEqual(await listAll(s3, 'keys', { Prefix: '\uffef' }), ['\uffefz'])
  })

  it('StartAfter and a delimiter compare in byte order too', async () => {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'keys', StartAfter: '\uffefz', Delimiter: '/' }),
    )
    assert.deepEqual(
      page.Contents?.map((c) => c.Key),
      ['\u{1f600}x', '\u{10ffff}'],
    )
  })
})

describe('S3 listings against a reference in UTF-8 order', () => {
  let cloud: Cloud
  let s3: S3Client
  // Delimiters and prefixes of multi-byte and astral characters, next to ASCII ones.
  const alphabet = ['a', 'b', '/', 'é', '\uffef', '\u{1f600}', '-']
  // Nested prefixes under multi-byte characters, where a seek counted in UTF-16 units would land
  // inside a common prefix instead of past it.
  const keys = new Set<string>(['\u{1f600}/a/b', '\u{1f600}/b', 'é/é/é', 'é/é/f', 'é/ö', 'a/é/a/'])
  let seed = 7
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  while (keys.size < 150) {
    let k = ''
    for (let n = 1 + rand(5); n > 0; n--) k += alphabet[rand(alphabet.length)]
    keys.add(k)
  }
  const sorted = utf8Sorted([...keys])

  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'model' }))
    await Promise.all(
      sorted.map((Key) => s3.send(new PutObjectCommand({ Bucket: 'model', Key, Body: 'x' }))),
    )
  })
  after(() => cloud.stop())

  const reference = (prefix: string, delimiter: string | undefined) => {
    const contents: string[] = []
    const prefixes: string[] = []
    for (const k of sorted) {
      if (!k.startsWith(prefix)) continue
      const at = delimiter ? k.indexOf(delimiter, prefix.length) : -1
      if (at === -1) contents.push(k)
      else {
        const cp = k.slice(0, at + delimiter!.length)
        if (prefixes.at(-1) !== cp) prefixes.push(cp)
      }
    }
    return { contents, prefixes }
  }

  for (const delimiter of [undefined, '/', 'é', '\u{1f600}', 'a/'])
    for (const prefix of ['', 'a', 'é', '\u{1f600}', 'a/'])
      it(`prefix ${JSON.stringify(prefix)}, delimiter ${JSON.stringify(delimiter)}`, async () => {
        for (const MaxKeys of [4, 1000]) {
          const contents: string[] = []
          const prefixes: string[] = []
          let ContinuationToken: string | undefined
          do {
            const page = await s3.send(
              new ListObjectsV2Command({
                Bucket: 'model',
                Prefix: prefix,
                MaxKeys,
                ContinuationToken,
                ...(delimiter ? { Delimiter: delimiter } : {}),
              }),
            )
            contents.push(...(page.Contents ?? []).map((c) => c.Key!))
            prefixes.push(...(page.CommonPrefixes ?? []).map((c) => c.Prefix!))
            assert.ok((page.KeyCount ?? 0) <= MaxKeys)
            ContinuationToken = page.NextContinuationToken
          } while (ContinuationToken)
          assert.deepEqual(
            { contents, prefixes },
            reference(prefix, delimiter),
            `MaxKeys ${MaxKeys}`,
          )
        }
      })
})

describe('S3 data dir written with BLOB keys (schema 2)', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'millrace-blobkeys-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('is migrated: keys, order, bodies and uploads survive', async () => {
    const dd = await openDataDir(dir, { version: 'test', fsync: 'never' })
    const db = dd.metadata
    db.migrate('s3', S3_MIGRATIONS.slice(0, 2))
    db.run(
      'INSERT INTO s3_buckets (name, account, region, created_at, versioning, config) VALUES (?,?,?,?,?,?)',
      ['old', '000000000000', 'us-east-1', Date.now(), null, '{}'],
    )
    const meta = JSON.stringify({ headers: {}, userMetadata: {}, checksums: {} })
    let seq = 0
    for (const key of KEYS) {
      const id = randomBytes(16).toString('hex')
      await mkdir(join(dd.objectsDir, id.slice(0, 2)), { recursive: true })
      await writeFile(join(dd.objectsDir, id.slice(0, 2), id), `body of ${key}`)
      const size = Buffer.byteLength(`body of ${key}`)
      db.run(
        `INSERT INTO s3_objects (bucket, key, seq, version_id, is_latest, is_delete_marker, size,
         etag, last_modified, blobs, meta) VALUES (?,?,?,?,1,0,?,?,?,?,?)`,
        [
          'old',
          Buffer.from(key),
          ++seq,
          'null',
          size,
          '0',
          Date.now(),
          JSON.stringify([{ id, size }]),
          meta,
        ],
      )
    }
    db.run('INSERT INTO s3_uploads (upload_id, bucket, key, initiated, meta) VALUES (?,?,?,?,?)', [
      'up1',
      'old',
      Buffer.from('dé/part'),
      Date.now(),
      meta,
    ])
    await dd.close()

    const server = await startServer(
      parseConfig(['--port', '0', '--data-dir', dir, '--log-level', 'silent']).config,
    )
    try {
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: TEST_CREDENTIALS,
        forcePathStyle: true,
        maxAttempts: 1,
      })
      assert.deepEqual(await listAll(s3, 'old'), utf8Sorted(KEYS))
      assert.deepEqual(await listAll(s3, 'old', { Prefix: 'é' }), ['é', 'éa'])
      const got = await s3.send(new GetObjectCommand({ Bucket: 'old', Key: '\u{1f600}x' }))
      assert.equal(await got.Body?.transformToString(), 'body of \u{1f600}x')
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'old', Prefix: 'd' }))
      assert.deepEqual(
        uploads.Uploads?.map((u) => [u.Key, u.UploadId]),
        [['dé/part', 'up1']],
      )
    } finally {
      await server.stop()
    }
  })
})
