import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Hash } from '@smithy/hash-node'
import { HttpResponse } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import type { HttpRequest } from '@smithy/types'
import type { WireRequest } from '../protocols/protocol.js'
import { AwsError } from './errors.js'
import { credentialScopeService, parseSigV4, verifySigV4 } from './sigv4.js'

const AKID = 'AKIDEXAMPLE'
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const DATE = new Date('2025-01-01T00:00:00Z')
const sha256 = Hash.bind(null, 'sha256')

const uriEscape = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** What node.ts would hand the pipeline for a request the SDK sent. */
const toWire = (r: HttpRequest): WireRequest => {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v
  const parts: string[] = []
  for (const [k, v] of Object.entries(r.query ?? {})) {
    if (v === null) parts.push(uriEscape(k))
    else
      for (const one of Array.isArray(v) ? v : [v]) parts.push(`${uriEscape(k)}=${uriEscape(one)}`)
  }
  const body = r.body
  return {
    method: r.method,
    path: r.path,
    rawQuery: parts.join('&'),
    headers,
    host: r.hostname,
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(body as string | Uint8Array),
  }
}

const signer = (
  service: string,
  opts: { uriEscapePath?: boolean; secret?: string; sessionToken?: string } = {},
) =>
  new SignatureV4({
    credentials: {
      accessKeyId: AKID,
      secretAccessKey: opts.secret ?? SECRET,
      ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}),
    },
    region: 'us-east-1',
    service,
    sha256,
    uriEscapePath: opts.uriEscapePath ?? true,
    applyChecksum: false,
  })

const kinesisRequest = (): HttpRequest => ({
  method: 'POST',
  protocol: 'http:',
  hostname: 'localhost',
  port: 4566,
  path: '/',
  query: {},
  headers: {
    host: 'localhost:4566',
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'Kinesis_20131202.PutRecord',
    'user-agent': 'test-agent/1.0',
  },
  body: '{"StreamName":"s","Data":"aGk=","PartitionKey":"p"}',
})

const signedKinesis = async (opts: Parameters<typeof signer>[1] = {}): Promise<WireRequest> =>
  toWire(
    await signer('kinesis', opts).sign(kinesisRequest(), {
      signingDate: DATE,
      signableHeaders: new Set(['user-agent']),
    }),
  )

const parse = (req: WireRequest) => {
  const info = parseSigV4(req)
  assert.ok(info)
  return info
}

const captureHandler = (sink: { request?: HttpRequest }) => ({
  handle: async (request: HttpRequest) => {
    sink.request = request
    return { response: new HttpResponse({ statusCode: 599, headers: {}, body: Buffer.alloc(0) }) }
  },
})

describe('parseSigV4', () => {
  it('parses the Authorization header', async () => {
    const info = parse(await signedKinesis())
    assert.equal(info.accessKeyId, AKID)
    assert.equal(info.region, 'us-east-1')
    assert.equal(info.service, 'kinesis')
    assert.equal(info.dateStamp, '20250101')
    assert.equal(info.date.getTime(), DATE.getTime())
    assert.equal(info.presigned, false)
    assert.ok(info.signedHeaders.split(';').includes('host'))
    assert.match(info.signature, /^[0-9a-f]{64}$/)
  })

  it('returns undefined without any auth', () => {
    const req = toWire(kinesisRequest())
    assert.equal(parseSigV4(req), undefined)
    assert.equal(credentialScopeService(req), undefined)
  })

  it('reads the service cheaply from header and query', async () => {
    assert.equal(credentialScopeService(await signedKinesis()), 'kinesis')
    const presigned = toWire(
      await signer('s3', { uriEscapePath: false }).presign(
        { ...kinesisRequest(), method: 'GET', body: undefined, path: '/b/k' },
        { signingDate: DATE },
      ),
    )
    assert.equal(credentialScopeService(presigned), 's3')
  })

  const malformed: [string, string, Record<string, string>][] = [
    [
      'missing Credential',
      `Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc`,
      { authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc' },
    ],
    [
      'missing SignedHeaders and Signature',
      `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=${AKID}/20250101/us-east-1/kinesis/aws4_request`,
      {
        authorization: `AWS4-HMAC-SHA256 Credential=${AKID}/20250101/us-east-1/kinesis/aws4_request`,
      },
    ],
  ]
  for (const [name, message, headers] of malformed) {
    it(`rejects ${name}`, () => {
      const req = { ...toWire(kinesisRequest()) }
      req.headers = { ...req.headers, 'x-amz-date': '20250101T000000Z', ...headers }
      assert.throws(() => parseSigV4(req), { name: 'IncompleteSignatureException', message })
    })
  }

  it('rejects a missing date', () => {
    const req = toWire(kinesisRequest())
    const header = `AWS4-HMAC-SHA256 Credential=${AKID}/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=ab`
    req.headers['authorization'] = header
    assert.throws(() => parseSigV4(req), {
      name: 'IncompleteSignatureException',
      message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`,
    })
  })

  it('rejects a bad algorithm, bad date, bad credential', async () => {
    const base = await signedKinesis()
    const auth = base.headers['authorization']!
    const withHeaders = (h: Record<string, string>): WireRequest => ({
      ...base,
      headers: { ...base.headers, ...h },
    })
    assert.throws(
      () =>
        parseSigV4(
          withHeaders({ authorization: auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512') }),
        ),
      {
        name: 'IncompleteSignatureException',
        message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'",
      },
    )
    assert.throws(() => parseSigV4(withHeaders({ 'x-amz-date': '2025-01-01T00:00:00Z' })), {
      name: 'IncompleteSignatureException',
      message:
        "Date must be in ISO-8601 'basic format'. Got '2025-01-01T00:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    })
    assert.throws(() => parseSigV4(withHeaders({ 'x-amz-date': '20250102T000000Z' })), {
      name: 'InvalidSignatureException',
      message:
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250101' != '20250102', from '20250102T000000Z'.",
    })
    assert.throws(() => parseSigV4(withHeaders({ authorization: auth.replace(`${AKID}/`, '') })), {
      name: 'IncompleteSignatureException',
      message:
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '20250101/us-east-1/kinesis/aws4_request'",
    })
  })

  it('rejects header and query auth together', async () => {
    const req = await signedKinesis()
    req.rawQuery = 'X-Amz-Algorithm=AWS4-HMAC-SHA256'
    assert.throws(() => parseSigV4(req), {
      name: 'InvalidSignatureException',
      message:
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    })
  })

  it('rejects incomplete query auth (S3 wording)', () => {
    const req = toWire({
      ...kinesisRequest(),
      method: 'GET',
      body: undefined,
      query: { 'X-Amz-Credential': 'x' },
    })
    assert.throws(() => parseSigV4(req, 's3'), {
      name: 'AuthorizationQueryParametersError',
      message:
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    })
  })
})

describe('verifySigV4', () => {
  it('accepts a header-signed request, user-agent included', async () => {
    const req = await signedKinesis()
    assert.ok(parse(req).signedHeaders.split(';').includes('user-agent'))
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: true }), true)
  })

  it('rejects a wrong secret', async () => {
    const req = await signedKinesis({ secret: 'other' })
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: true }), false)
  })

  it('rejects a tampered signed header and a tampered body', async () => {
    const req = await signedKinesis()
    const info = parse(req)
    const tampered = {
      ...req,
      headers: { ...req.headers, 'x-amz-target': 'Kinesis_20131202.DeleteStream' },
    }
    assert.equal(await verifySigV4(tampered, info, SECRET, { uriEscapePath: true }), false)
    const body = { ...req, body: Buffer.from('{"StreamName":"other"}') }
    assert.equal(await verifySigV4(body, info, SECRET, { uriEscapePath: true }), false)
    // An unsigned header may change freely.
    const extra = { ...req, headers: { ...req.headers, 'x-extra': '1' } }
    assert.equal(await verifySigV4(extra, info, SECRET, { uriEscapePath: true }), true)
  })

  it('checks clock skew in both directions', async () => {
    const req = await signedKinesis()
    const info = parse(req)
    const later = DATE.getTime() + 20 * 60 * 1000
    await assert.rejects(verifySigV4(req, info, SECRET, { uriEscapePath: true, now: later }), {
      name: 'InvalidSignatureException',
      message:
        'Signature expired: 20250101T000000Z is now earlier than 20250101T000500Z (20250101T002000Z - 15 min.)',
    })
    const earlier = DATE.getTime() - 20 * 60 * 1000
    await assert.rejects(
      verifySigV4(req, info, SECRET, { uriEscapePath: true, now: earlier, style: 'query' }),
      {
        name: 'SignatureDoesNotMatch',
        message:
          'Signature not yet current: 20250101T000000Z is still later than 20241231T235500Z (20241231T234000Z + 15 min.)',
      },
    )
    assert.equal(
      await verifySigV4(req, info, SECRET, {
        uriEscapePath: true,
        now: DATE.getTime() + 14 * 60 * 1000,
      }),
      true,
    )
  })

  it('verifies S3 (uriEscapePath false) with a key holding spaces and unicode', async () => {
    const path = `/bucket/${uriEscape('dir/my file ü+€.txt').replace(/%2F/g, '/')}`
    const request: HttpRequest = {
      method: 'PUT',
      protocol: 'http:',
      hostname: 'localhost',
      path,
      query: { tagging: '' },
      headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: 'hello',
    }
    const req = toWire(
      await signer('s3', { uriEscapePath: false }).sign(request, { signingDate: DATE }),
    )
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: false }), true)
    // The same request checked the non-S3 way double-encodes the path and must not match.
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: true }), false)
  })

  it('verifies presigned S3 GET, and reports expiry', async () => {
    const request: HttpRequest = {
      method: 'GET',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/bucket/a%20b.txt',
      query: { 'response-content-type': 'text/plain' },
      // What @aws-sdk/s3-request-presigner does before presigning.
      headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }
    const req = toWire(
      await signer('s3', { uriEscapePath: false }).presign(request, {
        signingDate: DATE,
        expiresIn: 60,
      }),
    )
    const info = parseSigV4(req, 's3')
    assert.ok(info)
    assert.equal(info.presigned, true)
    assert.equal(info.expiresSeconds, 60)
    assert.equal(
      await verifySigV4(req, info, SECRET, { uriEscapePath: false, now: DATE.getTime() + 30_000 }),
      true,
    )
    await assert.rejects(
      verifySigV4(req, info, SECRET, {
        uriEscapePath: false,
        now: DATE.getTime() + 61_000,
        style: 's3',
      }),
      (e: unknown) => {
        assert.ok(e instanceof AwsError)
        assert.equal(e.name, 'AccessDenied')
        assert.equal(e.message, 'Request has expired')
        assert.equal(e.status, 403)
        assert.deepEqual(e.fields, {
          'X-Amz-Expires': '60',
          Expires: '2025-01-01T00:01:00Z',
          ServerTime: '2025-01-01T00:01:01Z',
        })
        return true
      },
    )
  })

  it('verifies a presigned non-S3 request (STS style, empty body hash)', async () => {
    const request: HttpRequest = {
      method: 'GET',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: 'localhost:4566' },
    }
    const req = toWire(await signer('sts').presign(request, { signingDate: DATE }))
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: true }), true)
  })

  it('rejects X-Amz-Expires beyond a week', async () => {
    const req = toWire(
      await signer('s3', { uriEscapePath: false }).presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: 'localhost',
          path: '/b/k',
          query: {},
          headers: { host: 'localhost' },
        },
        { signingDate: DATE },
      ),
    )
    req.rawQuery = req.rawQuery.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801')
    assert.throws(() => parseSigV4(req, 's3'), {
      name: 'AuthorizationQueryParametersError',
      message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    })
  })

  it('verifies what a real KinesisClient sends', async () => {
    const sink: { request?: HttpRequest } = {}
    const client = new KinesisClient({
      region: 'us-east-1',
      endpoint: 'http://localhost:4566',
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      requestHandler: captureHandler(sink),
      maxAttempts: 1,
    })
    await client
      .send(new PutRecordCommand({ StreamName: 's', Data: Buffer.from('hi'), PartitionKey: 'p' }))
      .catch(() => undefined)
    assert.ok(sink.request)
    const req = toWire(sink.request)
    assert.equal(credentialScopeService(req), 'kinesis')
    assert.equal(await verifySigV4(req, parse(req), SECRET, { uriEscapePath: true }), true)
    assert.equal(await verifySigV4(req, parse(req), 'wrong', { uriEscapePath: true }), false)
  })

  it('verifies what a real S3Client sends for a key with spaces and unicode', async () => {
    const sink: { request?: HttpRequest } = {}
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://localhost:4566',
      forcePathStyle: true,
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: 'TOKEN' },
      requestHandler: captureHandler(sink),
      maxAttempts: 1,
    })
    await client
      .send(
        new PutObjectCommand({
          Bucket: 'bucket',
          Key: 'data/raw/my file ü (1).json',
          Body: 'hello',
        }),
      )
      .catch(() => undefined)
    assert.ok(sink.request)
    const req = toWire(sink.request)
    const info = parse(req)
    assert.equal(info.service, 's3')
    assert.equal(info.sessionToken, 'TOKEN')
    assert.equal(await verifySigV4(req, info, SECRET, { uriEscapePath: false }), true)
  })
})
