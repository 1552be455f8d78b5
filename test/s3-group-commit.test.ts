import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'
import { createVersionedBucket } from '../src/testing/s3.js'

const md5 = (s: string): string => `"${createHash('md5').update(s).digest('hex')}"`

// Concurrent small PUTs share one transaction per event-loop turn (group commit): each must
// still get its own ETag and version, and one that fails must not take the others with it.
describe('S3 concurrent small PUTs (group commit)', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }))
    await createVersionedBucket(s3, 'versioned')
  })
  after(() => cloud.stop())

  const body = async (Bucket: string, Key: string, VersionId?: string): Promise<string> => {
    const r = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }))
    return r.Body!.transformToString()
  }

  it('each concurrent PUT gets its own ETag and version, and all are stored', async () => {
    const n = 48
    const bodies = Array.from({ length: n }, (_, i) => `body ${i} ${'x'.repeat(i * 37)}`)
    const puts = await Promise.all(
      bodies.map((Body, i) =>
        s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: `k${i % 6}`, Body })),
      ),
    )
    assert.deepEqual(
      puts.map((r) => r.ETag),
      bodies.map(md5),
    )
    assert.equal(new Set(puts.map((r) => r.VersionId)).size, n)
    for (const [i, r] of puts.entries())
      assert.equal(await body('versioned', `k${i % 6}`, r.VersionId), bodies[i])
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versioned' }))
    assert.equal(versions.Versions?.length, n)
    assert.equal(versions.Versions?.filter((v) => v.IsLatest).length, 6)
    // The latest version of each key is the last of its PUTs to commit.
    for (const v of versions.Versions!.filter((x) => x.IsLatest))
      assert.equal(
        await body('versioned', v.Key!),
        bodies[puts.findIndex((p) => p.VersionId === v.VersionId)],
      )
  })

  it('concurrent PUTs to one unversioned key leave exactly one version, the last committed', async () => {
    const bodies = Array.from({ length: 16 }, (_, i) => `same key ${i}`)
    const puts = await Promise.all(
      bodies.map((Body) => s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'one', Body }))),
    )
    assert.deepEqual(
      puts.map((r) => r.ETag),
      bodies.map(md5),
    )
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'plain' }))
    assert.equal(versions.Versions?.length, 1)
    assert.equal(versions.Versions?.[0]?.VersionId, 'null')
    assert.ok(bodies.map(md5).includes(versions.Versions![0]!.ETag!))
    assert.equal(md5(await body('plain', 'one')), versions.Versions![0]!.ETag)
  })

  it('of concurrent If-None-Match: * PUTs to a new key exactly one wins; failures spoil no other PUT', async () => {
    const n = 12
    const results = await Promise.allSettled([
      ...Array.from({ length: n }, (_, i) =>
        s3.send(
          new PutObjectCommand({
            Bucket: 'plain',
            Key: 'create-once',
            Body: `racer ${i}`,
            IfNoneMatch: '*',
          }),
        ),
      ),
      ...Array.from({ length: n }, (_, i) =>
        s3.send(new PutObjectCommand({ Bucket: 'plain', Key: `bystander-${i}`, Body: `b${i}` })),
      ),
    ])
    const racers = results.slice(0, n)
    const won = racers.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
    assert.equal(won.length, 1)
    for (const r of racers)
      if (r.status === 'rejected')
        await rejects(
          Promise.reject(r.reason),
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          412,
        )
    assert.equal(await body('plain', 'create-once'), `racer ${won[0]}`)
    for (const [i, r] of results.slice(n).entries()) {
      assert.equal(r.status, 'fulfilled')
      assert.equal(await body('plain', `bystander-${i}`), `b${i}`)
    }
  })

  it('a failing If-Match PUT among concurrent ones fails alone', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'guarded', Body: 'v1' }))
    const [bad, good, other] = await Promise.allSettled([
      s3.send(
        new PutObjectCommand({ Bucket: 'plain', Key: 'guarded', Body: 'v2', IfMatch: '"0"' }),
      ),
      s3.send(
        new PutObjectCommand({ Bucket: 'plain', Key: 'guarded', Body: 'v3', IfMatch: md5('v1') }),
      ),
      s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'guarded-other', Body: 'o' })),
    ])
    assert.equal(bad.status, 'rejected')
    assert.equal((bad as PromiseRejectedResult).reason.name, 'PreconditionFailed')
    assert.equal(good.status, 'fulfilled')
    assert.equal(other.status, 'fulfilled')
    assert.equal(await body('plain', 'guarded'), 'v3')
    assert.equal(await body('plain', 'guarded-other'), 'o')
  })
})
