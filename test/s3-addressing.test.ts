import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetBucketWebsiteCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

describe('S3 addressing and refusals', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }))
    await s3.send(
      new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/file.txt', Body: 'virtual' }),
    )
  })
  after(() => cloud.stop())

  it('serves virtual-hosted-style requests (<bucket>.s3.localhost and <bucket>.localhost) from the SDK', async () => {
    // Every *.localhost name resolves to this machine, whatever the resolver says.
    const agent = new http.Agent({
      lookup: (_host, options, cb) => {
        if ((options as { all?: boolean }).all)
          (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
            { address: '127.0.0.1', family: 4 },
          ])
        else cb(null, '127.0.0.1', 4)
      },
    })
    for (const host of ['s3.localhost', 'localhost']) {
      const vhost = cloud.client(S3Client, {
        endpoint: `http://${host}:${cloud.port}`,
        forcePathStyle: false,
        requestHandler: new NodeHttpHandler({ httpAgent: agent }),
      })
      const got = await vhost.send(
        new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'dir/file.txt' }),
      )
      assert.equal(await got.Body?.transformToString(), 'virtual')
      const list = await vhost.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket' }))
      assert.deepEqual(
        list.Contents?.map((c) => c.Key),
        ['dir/file.txt'],
      )
    }
  })

  it('answers NotImplemented for operations Millrace does not serve', async () => {
    await assert.rejects(
      s3.send(new GetBucketWebsiteCommand({ Bucket: 'vhost-bucket' })),
      (e: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'NotImplemented')
        assert.equal(
          e.message,
          'The operation GetBucketWebsite of service s3 is not implemented by Millrace.',
        )
        assert.equal(e.$metadata.httpStatusCode, 501)
        return true
      },
    )
  })

  it('denies anonymous requests without a bucket policy (AccessDenied)', async () => {
    const r = await fetch(`${cloud.url}/vhost-bucket/dir/file.txt`)
    assert.equal(r.status, 403)
    const text = await r.text()
    assert.match(text, /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/)
  })
})
