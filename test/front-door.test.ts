/**
 * The front door end to end: real SDK clients over HTTP/1.1 and h2c, routing, request ids,
 * and every kind of malformed input answered with AWS's error (never a crash or a hang).
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import http2 from 'node:http2'
import { after, before, describe, it } from 'node:test'
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { type Cloud, startCloud, TEST_CREDENTIALS } from '../src/testing/cloud.js'

interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

const raw = (
  cloud: Cloud,
  opts: {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
  },
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: cloud.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/',
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })

const sign = async (
  service: string,
  req: {
    method: string
    path: string
    headers: Record<string, string>
    body?: string
    query?: Record<string, string>
  },
  credentials = { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' },
): Promise<Record<string, string>> => {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service,
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = await signer.sign({ protocol: 'http:', hostname: '127.0.0.1', ...req })
  return signed.headers
}

const kinesisHeaders = async (
  cloud: Cloud,
  target: string,
  body: string,
  contentType = 'application/x-amz-json-1.1',
) =>
  sign('kinesis', {
    method: 'POST',
    path: '/',
    headers: {
      host: `127.0.0.1:${cloud.port}`,
      'content-type': contentType,
      'x-amz-target': target,
    },
    body,
  })

/** A signed awsQuery (STS) form POST. */
const postQuery = async (cloud: Cloud, body: string): Promise<RawResponse> => {
  const headers = await sign('sts', {
    method: 'POST',
    path: '/',
    headers: {
      host: `127.0.0.1:${cloud.port}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  })
  return raw(cloud, { headers, body })
}

describe('front door', () => {
  let cloud: Cloud
  before(async () => {
    cloud = await startCloud()
  })
  after(() => cloud.stop())

  it('serves STS GetCallerIdentity over HTTP/1.1 to the real SDK, as the account root', async () => {
    const sts = cloud.client(STSClient)
    const out = await sts.send(new GetCallerIdentityCommand({}))
    assert.equal(out.Account, '000000000000')
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root')
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/)
  })

  it("speaks h2c to today's Kinesis SDK (HTTP/2 by default)", async () => {
    const kinesis = cloud.client(KinesisClient)
    const out = await kinesis.send(new ListStreamsCommand({}))
    assert.ok(Array.isArray(out.StreamNames))
    assert.equal(out.$metadata.httpStatusCode, 200)
  })

  it('answers NotImplemented for operations a model has but no handler serves', async () => {
    const body = '{}'
    const headers = await sign('dynamodb', {
      method: 'POST',
      path: '/',
      headers: {
        host: `127.0.0.1:${cloud.port}`,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body,
    })
    const res = await raw(cloud, { headers, body })
    assert.equal(res.status, 501)
    assert.deepEqual(JSON.parse(res.body), {
      __type: 'NotImplemented',
      message: 'The operation ListTables of service dynamodb is not implemented by Millrace.',
    })
  })

  it('accepts an HTTP/2 prior-knowledge connection directly', async () => {
    const session = http2.connect(cloud.url)
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ':method': 'GET', ':path': '/_millrace/health' })
        let data = ''
        stream.setEncoding('utf8')
        stream.on('data', (c: string) => (data += c))
        stream.on('end', () => resolve(data))
        stream.on('error', reject)
      })
      assert.equal(JSON.parse(body).status, 'running')
    } finally {
      session.close()
    }
  })

  it('validates input against the model with AWS wording, counting every violation', async () => {
    const kinesis = cloud.client(KinesisClient)
    await assert.rejects(
      kinesis.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 0 })),
      (e: Error) => {
        assert.equal(e.name, 'ValidationException')
        assert.equal(
          e.message,
          "2 validation errors detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.-]+$; Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
        )
        return true
      },
    )
  })

  it("answers the health endpoint with each service's status", async () => {
    const res = await raw(cloud, { method: 'GET', path: '/_millrace/health' })
    assert.equal(res.status, 200)
    const health = JSON.parse(res.body)
    assert.equal(health.services.sts.status, 'running')
    assert.equal(health.services.athena.status, 'not-implemented')
    assert.ok(res.headers['x-amzn-requestid'])
  })

  it('malformed JSON → SerializationException', async () => {
    const body = '{"StreamName": '
    const res = await raw(cloud, {
      headers: await kinesisHeaders(cloud, 'Kinesis_20131202.ListStreams', body),
      body,
    })
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body).__type, 'SerializationException')
    assert.ok(res.headers['x-amzn-requestid'])
  })

  it('wrong JSON types → SerializationException', async () => {
    const body = '{"Limit": "ten"}'
    const res = await raw(cloud, {
      headers: await kinesisHeaders(cloud, 'Kinesis_20131202.ListStreams', body),
      body,
    })
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body).__type, 'SerializationException')
  })

  it('bad CBOR → SerializationException', async () => {
    const body = '\xff\xff\xff'
    const headers = await kinesisHeaders(
      cloud,
      'Kinesis_20131202.ListStreams',
      body,
      'application/x-amz-cbor-1.1',
    )
    const res = await raw(cloud, { headers, body })
    assert.equal(res.status, 400)
    assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1')
    assert.equal(String(res.headers['x-amzn-errortype']).split(':')[0], 'SerializationException')
  })

  it('a wrong Content-Type → UnknownOperationException 404, as AWS answers', async () => {
    const body = '{}'
    const headers = await kinesisHeaders(cloud, 'Kinesis_20131202.ListStreams', body, 'text/plain')
    const res = await raw(cloud, { headers, body })
    assert.equal(res.status, 404)
    assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
  })

  it('unknown X-Amz-Target operation → UnknownOperationException', async () => {
    const body = '{}'
    const res = await raw(cloud, {
      headers: await kinesisHeaders(cloud, 'Kinesis_20131202.NoSuchThing', body),
      body,
    })
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
  })

  it('prototype names are not operations (constructor, __proto__, toString)', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const body = '{}'
      const res = await raw(cloud, {
        headers: await kinesisHeaders(cloud, `Kinesis_20131202.${name}`, body),
        body,
      })
      assert.equal(res.status, 400, name)
      assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
      const query = await postQuery(cloud, `Action=${name}&Version=2011-06-15`)
      assert.equal(query.status, 400, name)
      assert.match(query.body, /<Code>InvalidAction<\/Code>/)
    }
  })

  it('unknown X-Amz-Target service → UnknownOperationException', async () => {
    const res = await raw(cloud, {
      headers: { 'x-amz-target': 'Nope_20200101.Do', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
  })

  it('missing Authorization → MissingAuthenticationTokenException', async () => {
    const res = await raw(cloud, {
      headers: {
        'x-amz-target': 'Kinesis_20131202.ListStreams',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    })
    assert.equal(res.status, 400)
    assert.deepEqual(JSON.parse(res.body), {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
  })

  it('garbled Authorization → IncompleteSignatureException', async () => {
    const res = await raw(cloud, {
      headers: {
        'x-amz-target': 'Kinesis_20131202.ListStreams',
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 garbage',
        'x-amz-date': '20250101T000000Z',
      },
      body: '{}',
    })
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body).__type, 'IncompleteSignatureException')
  })

  it('an oversized body → 413 without buffering it all', async () => {
    const body = Buffer.alloc(17 * 1024 * 1024, 0x20)
    const res = await raw(cloud, {
      headers: {
        'x-amz-target': 'Kinesis_20131202.ListStreams',
        'content-type': 'application/x-amz-json-1.1',
      },
      body,
    })
    assert.equal(res.status, 413)
    assert.equal(JSON.parse(res.body).__type, 'RequestEntityTooLarge')
  })

  it('an oversized body over HTTP/2 → 413 too (no connection header on h2)', async () => {
    const session = http2.connect(cloud.url)
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': '/',
          'x-amz-target': 'Kinesis_20131202.ListStreams',
          'content-type': 'application/x-amz-json-1.1',
        })
        stream.on('response', (h) => resolve(Number(h[':status'])))
        stream.on('error', reject)
        stream.end(Buffer.alloc(17 * 1024 * 1024, 0x20))
      })
      assert.equal(status, 413)
    } finally {
      session.destroy()
    }
    const res = await raw(cloud, { method: 'GET', path: '/_millrace/health' })
    assert.equal(res.status, 200)
  })

  it('a truncated body (client hangs up) does not hurt the server', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: cloud.port,
        method: 'POST',
        path: '/',
        headers: { 'content-length': '1000', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
      })
      req.on('error', () => resolve())
      req.write('{"Str')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 50)
    })
    const res = await raw(cloud, { method: 'GET', path: '/_millrace/health' })
    assert.equal(res.status, 200)
  })

  it('malformed XML to S3 → MalformedXML', async () => {
    const body = '<Delete><Object><Key>a</Key></Object'
    const headers = await sign('s3', {
      method: 'POST',
      path: '/bucket',
      query: { delete: '' },
      headers: {
        host: `127.0.0.1:${cloud.port}`,
        'content-type': 'application/xml',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
      body,
    })
    const res = await raw(cloud, { path: '/bucket?delete', headers, body })
    assert.equal(res.status, 400)
    assert.match(res.body, /<Code>MalformedXML<\/Code>/)
    assert.ok(res.headers['x-amz-request-id'])
  })

  it('an expired presigned URL → AccessDenied', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
      region: 'us-east-1',
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    })
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/bucket/key',
        headers: { host: `127.0.0.1:${cloud.port}` },
      },
      { expiresIn: 1, signingDate: new Date(Date.now() - 60_000) },
    )
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString()
    const res = await raw(cloud, { method: 'GET', path: `/bucket/key?${query}` })
    assert.equal(res.status, 403)
    assert.match(res.body, /<Code>AccessDenied<\/Code>/)
    assert.match(res.body, /Request has expired/)
  })

  it('malformed awsQuery → an IAM/STS error, not a crash', async () => {
    const res = await postQuery(cloud, 'Action=GetCallerIdentity&Version=2011-06-15&%zz')
    // AWS's common error list gives MalformedQueryString HTTP 404.
    assert.equal(res.status, 404)
    assert.match(res.body, /<Code>MalformedQueryString<\/Code>/)
    assert.doesNotMatch(res.body, /at .*\.ts:\d+/)
  })

  it('unknown awsQuery Action → InvalidAction', async () => {
    const res = await postQuery(cloud, 'Action=Frobnicate&Version=2011-06-15')
    assert.equal(res.status, 400)
    assert.match(res.body, /<Code>InvalidAction<\/Code>/)
  })
})

describe('front door with --auth sigv4', () => {
  let cloud: Cloud
  before(async () => {
    cloud = await startCloud([
      '--auth',
      'sigv4',
      '--access-keys',
      `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}`,
    ])
  })
  after(() => cloud.stop())

  it('accepts a configured key with a good signature', async () => {
    const out = await cloud.client(STSClient).send(new GetCallerIdentityCommand({}))
    assert.equal(out.Account, '000000000000')
  })

  it('refuses a wrong secret for a known key → SignatureDoesNotMatch', async () => {
    const sts = cloud.client(STSClient, {
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
    })
    await assert.rejects(
      sts.send(new GetCallerIdentityCommand({})),
      (e: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(e.name, 'SignatureDoesNotMatch')
        assert.equal(e.$metadata.httpStatusCode, 403)
        return true
      },
    )
  })

  it('refuses an unknown key → UnrecognizedClientException (JSON) / InvalidClientTokenId (query)', async () => {
    const other = { credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' } }
    await assert.rejects(cloud.client(KinesisClient, other).send(new ListStreamsCommand({})), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    })
    await assert.rejects(cloud.client(STSClient, other).send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
    })
  })
})
