/**
 * How S3 keeps keys and bodies on disk: keys as TEXT in S3's UTF-8 order (and data dirs written
 * with BLOB keys migrated), bodies inline in the metadata store or in files.
 */
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { startServer } from '../src/server/start.js'
import { INLINE_MAX_BYTES } from '../src/services/s3/ingest.js'
import { S3_MIGRATIONS } from '../src/services/s3/store.js'
import { openDataDir } from '../src/storage/data-dir.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud, TEST_CREDENTIALS, testConfig } from '../src/testing/cloud.js'
import { createVersionedBucket } from '../src/testing/s3.js'

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
    // What a listing shows of these two is decided from `meta` by migration 5.
    const listedMetas: Record<string, string> = {
      ab: JSON.stringify({
        headers: {},
        userMetadata: {},
        checksums: { SHA256: 'c2hh' },
        checksumType: 'FULL_OBJECT',
      }),
      'a/b': JSON.stringify({
        headers: {},
        userMetadata: { note: '"checksums":{}' },
        checksums: {},
        storageClass: 'STANDARD_IA',
      }),
    }
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
          listedMetas[key] ?? meta,
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

    const server = await startServer(testConfig(dir))
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
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'old', Prefix: 'a' }))
      assert.deepEqual(
        listed.Contents?.map((c) => [c.Key, c.StorageClass, c.ChecksumAlgorithm, c.ChecksumType]),
        [
          ['a', 'STANDARD', undefined, undefined],
          ['a/b', 'STANDARD_IA', undefined, undefined],
          ['ab', 'STANDARD', ['SHA256'], 'FULL_OBJECT'],
        ],
      )
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

describe('S3 bodies inline in the metadata store or in files', () => {
  let cloud: Cloud
  let s3: S3Client
  const files = async () => {
    const objects = join(cloud.dataDir, 'objects')
    let n = 0
    for (const d of await readdir(objects)) n += (await readdir(join(objects, d))).length
    return n
  }
  const bytes = (n: number, seed = 1) =>
    Buffer.from(Array.from({ length: n }, (_, i) => (i * seed) % 251))
  const get = async (Key: string, extra: { Range?: string; VersionId?: string } = {}) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: 'bodies', Key, ...extra }))
    return Buffer.from((await r.Body?.transformToByteArray()) ?? [])
  }
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'bodies' }))
    await createVersionedBucket(s3, 'versioned')
  })
  after(() => cloud.stop())

  it('bodies up to the threshold are inline, larger ones files; both read back whole', async () => {
    for (const n of [0, 1, INLINE_MAX_BYTES - 1, INLINE_MAX_BYTES]) {
      await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: `in-${n}`, Body: bytes(n) }))
      assert.deepEqual(await get(`in-${n}`), bytes(n))
    }
    assert.equal(await files(), 0)
    await s3.send(
      new PutObjectCommand({ Bucket: 'bodies', Key: 'file', Body: bytes(INLINE_MAX_BYTES + 1) }),
    )
    assert.equal(await files(), 1)
    assert.deepEqual(await get('file'), bytes(INLINE_MAX_BYTES + 1))
    // Overwrites move a key between the two and leave nothing behind.
    await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: 'file', Body: 'small now' }))
    assert.equal((await get('file')).toString(), 'small now')
    for (let i = 0; i < 50 && (await files()) > 0; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal(await files(), 0)
  })

  it('a body of unknown length past the threshold spills to a file intact', async () => {
    const body = bytes(3 * INLINE_MAX_BYTES + 5, 7)
    const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: cloud.port,
          method: 'PUT',
          path: '/bodies/chunked',
          headers: {
            'x-amz-date': date,
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
            authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAWTESTKEY/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      // Several writes, so the server sees the body in pieces.
      for (let at = 0; at < body.length; at += 10_000) req.write(body.subarray(at, at + 10_000))
      req.end()
    })
    assert.equal(status, 200)
    assert.deepEqual(await get('chunked'), body)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'bodies', Key: 'chunked' }))
    assert.equal(head.ContentLength, body.length)
  })

  it('ranges, part 1 and conditions on an inline body', async () => {
    const body = bytes(1000, 3)
    const put = await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: 'r', Body: body }))
    assert.deepEqual(await get('r', { Range: 'bytes=10-19' }), body.subarray(10, 20))
    assert.deepEqual(await get('r', { Range: 'bytes=-5' }), body.subarray(995))
    assert.deepEqual(await get('r', { Range: 'bytes=990-' }), body.subarray(990))
    const part = await s3.send(new GetObjectCommand({ Bucket: 'bodies', Key: 'r', PartNumber: 1 }))
    assert.equal(part.ContentLength, 1000)
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'bodies', Key: 'r', Range: 'bytes=1000-' })),
      'InvalidRange',
      'The requested range is not satisfiable',
      416,
    )
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: 'bodies', Key: 'r', IfNoneMatch: put.ETag })),
      (e: { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(e.$metadata.httpStatusCode, 304)
        return true
      },
    )
  })

  it('checksums of an inline body are computed, verified and reported', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'bodies',
        Key: 'sum',
        Body: 'checked',
        ChecksumAlgorithm: 'SHA256',
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'bodies', Key: 'sum', ChecksumMode: 'ENABLED' }),
    )
    const sha = createHash('sha256').update('checked').digest('base64')
    assert.equal(got.ChecksumSHA256, sha)
    const attrs = await s3.send(
      new GetObjectAttributesCommand({
        Bucket: 'bodies',
        Key: 'sum',
        ObjectAttributes: ['Checksum', 'ObjectSize', 'ETag'],
      }),
    )
    assert.equal(attrs.Checksum?.ChecksumSHA256, sha)
    assert.equal(attrs.ObjectSize, 7)
    await rejects(
      s3.send(
        new PutObjectCommand({
          Bucket: 'bodies',
          Key: 'bad-sum',
          Body: 'checked',
          ChecksumSHA256: createHash('sha256').update('other').digest('base64'),
        }),
      ),
      'BadDigest',
      /did not match/,
    )
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'bodies', Key: 'bad-sum' })), {
      name: 'NotFound',
    })
  })

  it('CopyObject and UploadPartCopy read an inline source', async () => {
    const body = bytes(5000, 11)
    await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: 'src', Body: body }))
    await s3.send(
      new CopyObjectCommand({ Bucket: 'bodies', Key: 'copy', CopySource: 'bodies/src' }),
    )
    assert.deepEqual(await get('copy'), body)
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'bodies', Key: 'mpu' }),
    )
    const part = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'bodies',
        Key: 'mpu',
        UploadId,
        PartNumber: 1,
        CopySource: 'bodies/src',
        CopySourceRange: 'bytes=100-199',
      }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'bodies',
        Key: 'mpu',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] },
      }),
    )
    assert.deepEqual(await get('mpu'), body.subarray(100, 200))
  })

  it('versions and delete markers keep their inline bodies until deleted', async () => {
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'v', Body: 'one' }))
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'v', Body: 'two' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'v' }))
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'versioned', Key: 'v' })),
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    )
    const read = async (VersionId?: string) => {
      const r = await s3.send(new GetObjectCommand({ Bucket: 'versioned', Key: 'v', VersionId }))
      return r.Body?.transformToString()
    }
    assert.equal(await read(v1.VersionId), 'one')
    assert.equal(await read(v2.VersionId), 'two')
    await s3.send(
      new DeleteObjectCommand({ Bucket: 'versioned', Key: 'v', VersionId: v2.VersionId }),
    )
    assert.equal(await read(v1.VersionId), 'one')
  })

  it('no inline row outlives its version', async () => {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(join(cloud.dataDir, 'meta.db'), { readonly: true })
    try {
      const orphans = db
        .prepare(
          'SELECT count(*) AS n FROM s3_inline WHERE id NOT IN (SELECT inline_id FROM s3_objects WHERE inline_id IS NOT NULL)',
        )
        .get() as { n: number }
      assert.equal(orphans.n, 0)
    } finally {
      db.close()
    }
  })
})
