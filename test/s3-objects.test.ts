import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

describe('S3 buckets and objects (SDK default checksums: aws-chunked + CRC32 trailer)', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
  })
  after(() => cloud.stop())

  it('creates, heads, lists and locates buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'second-bucket' }))
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'second-bucket' }))
    assert.equal(head.BucketRegion, 'us-east-1')
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'second-bucket' }))
    assert.equal(loc.LocationConstraint, undefined)
    const list = await s3.send(new ListBucketsCommand({}))
    assert.deepEqual(
      list.Buckets?.map((b) => b.Name),
      ['data', 'second-bucket'],
    )
    const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }))
    assert.deepEqual(
      page.Buckets?.map((b) => b.Name),
      ['data'],
    )
    const next = await s3.send(
      new ListBucketsCommand({ MaxBuckets: 1, ContinuationToken: page.ContinuationToken }),
    )
    assert.deepEqual(
      next.Buckets?.map((b) => b.Name),
      ['second-bucket'],
    )
    assert.equal(next.ContinuationToken, undefined)
    await s3.send(new DeleteBucketCommand({ Bucket: 'second-bucket' }))
    await rejects(
      s3.send(new HeadBucketCommand({ Bucket: 'second-bucket' })),
      'NotFound',
      'UnknownError',
      404,
    )
  })

  it('applies LocationConstraint rules', async () => {
    const eu = cloud.client(S3Client, { region: 'eu-west-1' })
    await rejects(
      eu.send(
        new CreateBucketCommand({
          Bucket: 'elsewhere',
          CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
        }),
      ),
      'IllegalLocationConstraintException',
      'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
      400,
    )
    await eu.send(
      new CreateBucketCommand({
        Bucket: 'in-eu',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    const loc = await eu.send(new GetBucketLocationCommand({ Bucket: 'in-eu' }))
    assert.equal(loc.LocationConstraint, 'eu-west-1')
    await rejects(
      eu.send(
        new CreateBucketCommand({
          Bucket: 'in-eu',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
    )
    await rejects(
      s3.send(new CreateBucketCommand({ Bucket: 'x', CreateBucketConfiguration: {} })),
      'InvalidBucketName',
      'The specified bucket is not valid.',
      400,
    )
    await rejects(
      s3.send(new CreateBucketCommand({ Bucket: 'a..b' })),
      'InvalidBucketName',
      'The specified bucket is not valid.',
      400,
    )
  })

  it('puts and gets an object with metadata, ETag = MD5 and the CRC32 trailer stored', async () => {
    const body = 'hello, millrace'
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'data/ref/titles.json',
        Body: body,
        ContentType: 'application/json',
        Metadata: { origin: 'test' },
      }),
    )
    const md5 = createHash('md5').update(body).digest('hex')
    assert.equal(put.ETag, `"${md5}"`)
    assert.ok(put.ChecksumCRC32)
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: 'data',
        Key: 'data/ref/titles.json',
        ChecksumMode: 'ENABLED',
      }),
    )
    assert.equal(await got.Body?.transformToString(), body)
    assert.equal(got.ContentType, 'application/json')
    assert.equal(got.ContentEncoding, undefined)
    assert.deepEqual(got.Metadata, { origin: 'test' })
    assert.equal(got.ETag, `"${md5}"`)
    assert.equal(got.ChecksumCRC32, put.ChecksumCRC32)
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'data', Key: 'data/ref/titles.json' }),
    )
    assert.equal(head.ContentLength, body.length)
  })

  it('serves byte ranges (206) and refuses unsatisfiable ones', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'range', Body: '0123456789' }))
    const r = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'range', Range: 'bytes=2-4' }),
    )
    assert.equal(r.$metadata.httpStatusCode, 206)
    assert.equal(r.ContentRange, 'bytes 2-4/10')
    assert.equal(await r.Body?.transformToString(), '234')
    const tail = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'range', Range: 'bytes=-3' }),
    )
    assert.equal(await tail.Body?.transformToString(), '789')
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'range', Range: 'bytes=10-' })),
      'InvalidRange',
      'The requested range is not satisfiable',
      416,
    )
  })

  it('evaluates conditional GETs and conditional PUTs', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'cond', Body: 'v1' }))
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'cond', IfMatch: '"nope"' })),
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
    )
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'cond', IfNoneMatch: put.ETag })),
      (e: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(e.$metadata.httpStatusCode, 304)
        return true
      },
    )
    await rejects(
      s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'cond', Body: 'v2', IfNoneMatch: '*' })),
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
    )
    await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'cond-new', Body: 'v1', IfNoneMatch: '*' }),
    )
  })

  it('verifies Content-MD5', async () => {
    await rejects(
      s3.send(
        new PutObjectCommand({
          Bucket: 'data',
          Key: 'md5',
          Body: 'abc',
          ContentMD5: createHash('md5').update('abd').digest('base64'),
        }),
      ),
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
      400,
    )
    await rejects(
      s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'md5' })),
      'NotFound',
      'UnknownError',
      404,
    )
  })

  it('deletes objects, one and many, and refuses to delete a non-empty bucket', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'd/1', Body: '1' }))
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'd/2', Body: '2' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'data', Key: 'd/1' }))
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'd/1' })),
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    )
    const many = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'data',
        Delete: { Objects: [{ Key: 'd/2' }, { Key: 'd/3' }] },
      }),
    )
    assert.deepEqual(
      many.Deleted?.map((d) => d.Key),
      ['d/2', 'd/3'],
    )
    const quiet = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'data',
        Delete: { Objects: [{ Key: 'x' }], Quiet: true },
      }),
    )
    assert.equal(quiet.Deleted, undefined)
    await rejects(
      s3.send(new DeleteBucketCommand({ Bucket: 'data' })),
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty',
      409,
    )
  })

  it('copies objects with COPY and REPLACE metadata directives', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'src', Body: 'copy me', Metadata: { a: '1' } }),
    )
    const c = await s3.send(
      new CopyObjectCommand({ Bucket: 'data', Key: 'dst', CopySource: 'data/src' }),
    )
    assert.equal(c.CopyObjectResult?.ETag, `"${createHash('md5').update('copy me').digest('hex')}"`)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dst' }))
    assert.equal(await got.Body?.transformToString(), 'copy me')
    assert.deepEqual(got.Metadata, { a: '1' })
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'data',
        Key: 'dst',
        CopySource: 'data/src',
        MetadataDirective: 'REPLACE',
        Metadata: { b: '2' },
      }),
    )
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'dst' }))
    assert.deepEqual(head.Metadata, { b: '2' })
    await rejects(
      s3.send(new CopyObjectCommand({ Bucket: 'data', Key: 'src', CopySource: 'data/src' })),
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    )
  })

  it('honours copy-source conditions and response-* overrides', async () => {
    const src = await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'cs', Body: 'conditional copy' }),
    )
    await rejects(
      s3.send(
        new CopyObjectCommand({
          Bucket: 'data',
          Key: 'cs-copy',
          CopySource: 'data/cs',
          CopySourceIfMatch: '"0000"',
        }),
      ),
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
    )
    await rejects(
      s3.send(
        new CopyObjectCommand({
          Bucket: 'data',
          Key: 'cs-copy',
          CopySource: 'data/cs',
          CopySourceIfNoneMatch: src.ETag,
        }),
      ),
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
    )
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'data',
        Key: 'cs-copy',
        CopySource: 'data/cs',
        CopySourceIfMatch: src.ETag,
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: 'data',
        Key: 'cs-copy',
        ResponseContentType: 'text/plain',
        ResponseContentDisposition: 'attachment; filename="x.txt"',
        ResponseCacheControl: 'no-cache',
      }),
    )
    assert.equal(got.ContentType, 'text/plain')
    assert.equal(got.ContentDisposition, 'attachment; filename="x.txt"')
    assert.equal(got.CacheControl, 'no-cache')
    assert.equal(await got.Body?.transformToString(), 'conditional copy')
  })

  it('answers NoSuchBucket and KeyTooLongError', async () => {
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'missing-bucket', Key: 'k' })),
      'NoSuchBucket',
      'The specified bucket does not exist',
      404,
    )
    await rejects(
      s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'k'.repeat(1025), Body: 'x' })),
      'KeyTooLongError',
      'Your key is too long',
      400,
    )
  })
})
