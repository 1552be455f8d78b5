import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketCorsCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import type { S3ObjectEvent } from '../src/services/s3/events.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

describe('S3 versioning, tagging, bucket configuration, events and checksums', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'ver' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'conf' }))
  })
  after(() => cloud.stop())

  it('keeps versions, writes delete markers and lists versions newest first', async () => {
    assert.equal(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status,
      undefined,
    )
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'ver',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    assert.equal(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status,
      'Enabled',
    )
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'k', Body: 'one' }))
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'k', Body: 'two' }))
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId)
    const old = await s3.send(
      new GetObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: v1.VersionId }),
    )
    assert.equal(await old.Body?.transformToString(), 'one')
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'k' }))
    assert.equal(del.DeleteMarker, true)
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k' })),
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    )
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver' }))
    assert.deepEqual(
      versions.Versions?.map((v) => [v.VersionId, v.IsLatest]),
      [
        [v2.VersionId, false],
        [v1.VersionId, false],
      ],
    )
    assert.deepEqual(
      versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]),
      [[del.VersionId, true]],
    )
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver', MaxKeys: 1 }))
    assert.equal(page.IsTruncated, true)
    const rest = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: 'ver',
        KeyMarker: page.NextKeyMarker,
        VersionIdMarker: page.NextVersionIdMarker,
      }),
    )
    assert.equal((rest.Versions?.length ?? 0) + (rest.DeleteMarkers?.length ?? 0), 2)
    // Removing the marker brings the previous version back.
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: del.VersionId }))
    const back = await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k' }))
    assert.equal(await back.Body?.transformToString(), 'two')
    assert.equal(back.VersionId, v2.VersionId)
  })

  it('suspended versioning overwrites the null version', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'ver',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    )
    const a = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 's', Body: 'a' }))
    const b = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 's', Body: 'b' }))
    assert.equal(a.VersionId, 'null')
    assert.equal(b.VersionId, 'null')
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver', Prefix: 's' }))
    assert.equal(versions.Versions?.length, 1)
  })

  it('tags buckets and objects', async () => {
    await rejects(
      s3.send(new GetBucketTaggingCommand({ Bucket: 'conf' })),
      'NoSuchTagSet',
      'The TagSet does not exist',
      404,
    )
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: 'conf',
        Tagging: { TagSet: [{ Key: 'team', Value: 'data' }] },
      }),
    )
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'conf' }))).TagSet, [
      { Key: 'team', Value: 'data' },
    ])
    await s3.send(new PutObjectCommand({ Bucket: 'conf', Key: 'o', Body: 'x', Tagging: 'a=1&b=2' }))
    assert.deepEqual(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: 'conf', Key: 'o' }))).TagSet,
      [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    )
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'conf',
        Key: 'o',
        Tagging: { TagSet: [{ Key: 'c', Value: '3' }] },
      }),
    )
    assert.equal(
      (await s3.send(new HeadObjectCommand({ Bucket: 'conf', Key: 'o' }))).$metadata.httpStatusCode,
      200,
    )
    assert.deepEqual(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: 'conf', Key: 'o' }))).TagSet,
      [{ Key: 'c', Value: '3' }],
    )
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'conf', Key: 'o' }))
    assert.deepEqual(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: 'conf', Key: 'o' }))).TagSet,
      [],
    )
  })

  it('stores CORS, notification, policy and public access block configuration', async () => {
    await rejects(
      s3.send(new GetBucketCorsCommand({ Bucket: 'conf' })),
      'NoSuchCORSConfiguration',
      'The CORS configuration does not exist',
      404,
    )
    const rule = {
      AllowedMethods: ['GET', 'PUT'],
      AllowedOrigins: ['https://console.example'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 300,
    }
    await s3.send(
      new PutBucketCorsCommand({ Bucket: 'conf', CORSConfiguration: { CORSRules: [rule] } }),
    )
    assert.deepEqual((await s3.send(new GetBucketCorsCommand({ Bucket: 'conf' }))).CORSRules, [
      rule,
    ])
    await rejects(
      s3.send(
        new PutBucketCorsCommand({
          Bucket: 'conf',
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] },
        }),
      ),
      'InvalidRequest',
      'Found unsupported HTTP method in CORS config. Unsupported method is PATCH',
      400,
    )
    const notification = {
      QueueConfigurations: [
        {
          Id: 'q',
          QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
          Events: ['s3:ObjectCreated:*' as const],
        },
      ],
    }
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'conf',
        NotificationConfiguration: notification,
      }),
    )
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'conf' }))
    assert.deepEqual(got.QueueConfigurations, notification.QueueConfigurations)
    await rejects(
      s3.send(new GetBucketPolicyCommand({ Bucket: 'conf' })),
      'NoSuchBucketPolicy',
      'The bucket policy does not exist',
      404,
    )
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::conf/*',
        },
      ],
    })
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'conf', Policy: policy }))
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'conf' }))).Policy, policy)
    await rejects(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'conf', Policy: 'not json' })),
      'MalformedPolicy',
      "Policies must be valid JSON and the first byte must be '{'",
      400,
    )
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'conf' }))
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'conf',
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true },
      }),
    )
    assert.deepEqual(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'conf' })))
        .PublicAccessBlockConfiguration,
      {
        BlockPublicAcls: false,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      },
    )
  })

  it('publishes object events on the bus', async () => {
    const events: Array<[string, S3ObjectEvent]> = []
    const off = cloud.server.app.bus.subscribePrefix('s3:', (e) => {
      events.push([e.type, e.event as S3ObjectEvent])
    })
    await s3.send(new PutObjectCommand({ Bucket: 'conf', Key: 'data/raw/e.json', Body: '{}' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'conf', Key: 'data/raw/e.json' }))
    await cloud.server.app.bus.idle()
    off()
    assert.deepEqual(
      events.map(([t, e]) => [t, e.eventName, e.bucket, e.key, e.size]),
      [
        ['s3:ObjectCreated', 'ObjectCreated:Put', 'conf', 'data/raw/e.json', 2],
        ['s3:ObjectRemoved', 'ObjectRemoved:Delete', 'conf', 'data/raw/e.json', 0],
      ],
    )
    assert.equal(events[0]?.[1].etag, '99914b932bd37a50b983c5e7c90ae93b')
  })

  it('verifies, stores and returns each checksum algorithm; GetObjectAttributes', async () => {
    for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'conf',
          Key: `ck-${alg}`,
          Body: 'checksum me',
          ChecksumAlgorithm: alg,
        }),
      )
      const member = `Checksum${alg}` as const
      assert.ok(put[member], alg)
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: 'conf', Key: `ck-${alg}`, ChecksumMode: 'ENABLED' }),
      )
      assert.equal(head[member], put[member], alg)
      const get = await s3.send(
        new GetObjectCommand({ Bucket: 'conf', Key: `ck-${alg}`, ChecksumMode: 'ENABLED' }),
      )
      // The SDK validates the returned checksum against the body it reads.
      assert.equal(await get.Body?.transformToString(), 'checksum me')
      const attrs = await s3.send(
        new GetObjectAttributesCommand({
          Bucket: 'conf',
          Key: `ck-${alg}`,
          ObjectAttributes: ['ETag', 'Checksum', 'ObjectSize', 'StorageClass'],
        }),
      )
      assert.equal(attrs.ObjectSize, 11)
      assert.equal(attrs.StorageClass, 'STANDARD')
      assert.match(attrs.ETag ?? '', /^[0-9a-f]{32}$/)
      assert.equal(attrs.Checksum?.[member], put[member])
    }
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'conf', Key: 'ck-SHA256' }))
    assert.equal(head.ChecksumSHA256, undefined)
  })
})

describe('S3 CORS applied to browser requests', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'web' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'closed' }))
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: 'web',
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['https://*.example.com'],
              AllowedMethods: ['GET', 'PUT'],
              AllowedHeaders: ['content-type', 'x-amz-*', 'authorization'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    )
    await s3.send(new PutObjectCommand({ Bucket: 'web', Key: 'page.json', Body: '{}' }))
  })
  after(() => cloud.stop())

  const request = (method: string, path: string, headers: Record<string, string>) =>
    fetch(`${cloud.url}${path}`, { method, headers })

  it('answers an allowed preflight with the rule', async () => {
    const r = await request('OPTIONS', '/web/page.json', {
      origin: 'https://console.example.com',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'Content-Type, X-Amz-Date',
    })
    assert.equal(r.status, 200)
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://console.example.com')
    assert.equal(r.headers.get('access-control-allow-methods'), 'GET, PUT')
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type, x-amz-date')
    assert.equal(r.headers.get('access-control-max-age'), '600')
    assert.equal(r.headers.get('access-control-expose-headers'), 'ETag')
  })

  it('refuses preflights the rules do not allow, and buckets without CORS', async () => {
    const bad = await request('OPTIONS', '/web/page.json', {
      origin: 'https://evil.test',
      'access-control-request-method': 'GET',
    })
    assert.equal(bad.status, 403)
    assert.match(
      await bad.text(),
      /<Code>CORSResponse<\/Code><Message>This CORS request is not allowed\./,
    )
    const closed = await request('OPTIONS', '/closed/x', {
      origin: 'https://a.example.com',
      'access-control-request-method': 'GET',
    })
    assert.equal(closed.status, 403)
    assert.match(await closed.text(), /<Message>CORS is not enabled for this bucket\.<\/Message>/)
  })

  it('adds Access-Control headers to actual requests from allowed origins only', async () => {
    // Signed by the SDK, with the browser's Origin header added.
    const withOrigin = cloud.client(S3Client)
    withOrigin.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { headers: Record<string, string> }
        req.headers.origin = 'https://app.example.com'
        return next(args)
      },
      { step: 'build' },
    )
    const got = await withOrigin.send(new GetObjectCommand({ Bucket: 'web', Key: 'page.json' }))
    assert.equal(await got.Body?.transformToString(), '{}')
    const raw = await request('GET', '/web/page.json', { origin: 'https://app.example.com' })
    // Unsigned: IAM denies it, but the browser still gets the CORS headers to read the error.
    assert.equal(raw.headers.get('access-control-allow-origin'), 'https://app.example.com')
    const other = await request('GET', '/web/page.json', { origin: 'https://nope.test' })
    assert.equal(other.headers.get('access-control-allow-origin'), null)
  })
})
