import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { type Cloud, startCloud, TEST_CREDENTIALS } from '../src/testing/cloud.js'

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

describe('S3 aws-chunked with chunk signatures (--auth sigv4)', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud([
      '--auth',
      'sigv4',
      '--access-keys',
      `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}`,
    ])
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'signed' }))
  })
  after(() => cloud.stop())

  /** A STREAMING-AWS4-HMAC-SHA256-PAYLOAD PUT, signed as the SigV4 streaming spec describes. */
  const streamingPut = async (key: string, chunks: string[], tamper?: (body: string) => string) => {
    const url = new URL(`${cloud.url}/signed/${key}`)
    const decodedLength = chunks.reduce((n, c) => n + c.length, 0)
    const signer = new SignatureV4({
      credentials: TEST_CREDENTIALS,
      region: 'us-east-1',
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    })
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: {
        host: url.host,
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'x-amz-decoded-content-length': String(decodedLength),
      },
    })
    const auth = signed.headers.authorization!
    const seed = /Signature=([0-9a-f]+)/.exec(auth)![1]!
    const longDate = signed.headers['x-amz-date']!
    const scope = `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`
    let k: Buffer = hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, longDate.slice(0, 8))
    for (const p of ['us-east-1', 's3', 'aws4_request']) k = hmac(k, p)
    let previous = seed
    let body = ''
    for (const data of [...chunks, '']) {
      const sig = hmac(
        k,
        `AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${previous}\n${hex('')}\n${hex(data)}`,
      ).toString('hex')
      body += `${data.length.toString(16)};chunk-signature=${sig}\r\n${data}\r\n`
      previous = sig
    }
    if (tamper) body = tamper(body)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(signed.headers))
      if (name !== 'host') headers[name] = value
    return fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(body.length) },
      body,
    })
  }

  it('accepts a correctly signed chunk chain', async () => {
    const r = await streamingPut('good', ['first chunk ', 'second chunk'])
    assert.equal(r.status, 200, await r.text())
    const got = await s3.send(new GetObjectCommand({ Bucket: 'signed', Key: 'good' }))
    assert.equal(await got.Body?.transformToString(), 'first chunk second chunk')
  })

  it('refuses a chunk whose data does not match its signature, storing nothing', async () => {
    const r = await streamingPut('bad', ['first chunk ', 'second chunk'], (b) =>
      b.replace('second chunk', 'secXnd chunk'),
    )
    assert.equal(r.status, 403)
    const text = await r.text()
    assert.match(text, /<Code>SignatureDoesNotMatch<\/Code>/)
    assert.match(
      text,
      /<Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message>/,
    )
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'signed' }))
    assert.deepEqual(
      list.Contents?.map((c) => c.Key),
      ['good'],
    )
  })

  it('serves the SDK with its default checksum settings', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'signed', Key: 'sdk', Body: 'sdk body' }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'signed', Key: 'sdk' }))
    assert.equal(await got.Body?.transformToString(), 'sdk body')
  })
})
