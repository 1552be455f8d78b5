import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { HttpRequest } from '@smithy/types'
import type { WireRequest } from '../protocols/protocol.js'
import { type AuthOptions, authenticate } from './auth.js'
import { MemoryCredentialStore } from './credentials.js'
import { AwsError } from './errors.js'
import type { Principal } from './principal.js'

// authenticate throws synchronously when it can decide without a signature check; tests
// treat every outcome as a promise.
const auth = async (...args: Parameters<typeof authenticate>) => authenticate(...args)

const DATE = new Date('2025-01-01T00:00:00Z')

// Header-signed requests only here (no query), so this is all node.ts would add.
const toWire = (r: HttpRequest): WireRequest => ({
  method: r.method,
  path: r.path,
  rawQuery: '',
  headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
  host: r.hostname,
  body: Buffer.from(String(r.body ?? '')),
})
const ACCOUNT = '000000000000'
const user: Principal = {
  kind: 'user',
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userId: 'AIDAALICE',
}
const role: Principal = {
  kind: 'assumed-role',
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
  userId: 'AROAR:s',
}

const store = () =>
  new MemoryCredentialStore([
    { accessKeyId: 'AKIAKNOWN', secretAccessKey: 'secret', principal: user, active: true },
    { accessKeyId: 'AKIAOFF', secretAccessKey: 'secret', principal: user, active: false },
    {
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempsecret',
      sessionToken: 'TOKEN',
      principal: role,
      active: true,
      expiresAt: DATE.getTime() + 600_000,
    },
  ])

const options = (over: Partial<AuthOptions> = {}): AuthOptions => ({
  mode: 'local',
  account: ACCOUNT,
  credentials: store(),
  errorStyle: 'json',
  now: () => DATE.getTime(),
  uriEscapePath: true,
  ...over,
})

const request = (): HttpRequest => ({
  method: 'POST',
  protocol: 'http:',
  hostname: 'localhost',
  path: '/',
  query: {},
  headers: { host: 'localhost:4566', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
  body: '{}',
})

const signed = async (
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken?: string,
  service = 'kinesis',
) =>
  toWire(
    await new SignatureV4({
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      region: 'us-east-1',
      service,
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    }).sign(request(), { signingDate: DATE }),
  )

const rejects = async (p: Promise<unknown>, code: string, message: string, status: number) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AwsError)
    assert.equal(e.name, code)
    assert.equal(e.message, message)
    assert.equal(e.status, status)
    return true
  })

const INVALID = 'The security token included in the request is invalid.'
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

describe('authenticate', () => {
  it('local: unknown keys act as the account root', async () => {
    const { principal: p } = await auth(await signed('AKIAWHOEVER', 'anything'), options())
    assert.deepEqual(p, {
      kind: 'root',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
      accessKeyId: 'AKIAWHOEVER',
    })
  })

  it('local: known keys are verified', async () => {
    const { principal: p } = await auth(await signed('AKIAKNOWN', 'secret'), options())
    assert.equal(p.arn, user.arn)
    assert.equal(p.accessKeyId, 'AKIAKNOWN')
    await rejects(
      auth(await signed('AKIAKNOWN', 'wrong'), options()),
      'InvalidSignatureException',
      MISMATCH,
      400,
    )
    await rejects(
      auth(await signed('AKIAKNOWN', 'wrong'), options({ errorStyle: 'query' })),
      'SignatureDoesNotMatch',
      MISMATCH,
      403,
    )
  })

  it('s3 mismatch carries the canonical request and string to sign', async () => {
    const req = await signed('AKIAKNOWN', 'wrong', undefined, 's3')
    await assert.rejects(
      auth(req, options({ errorStyle: 's3', uriEscapePath: false })),
      (e: unknown) => {
        assert.ok(e instanceof AwsError)
        assert.equal(e.name, 'SignatureDoesNotMatch')
        assert.equal(
          e.message,
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        )
        assert.equal(e.status, 403)
        assert.equal(e.fields['AWSAccessKeyId'], 'AKIAKNOWN')
        assert.match(
          String(e.fields['StringToSign']),
          /^AWS4-HMAC-SHA256\n20250101T000000Z\n20250101\/us-east-1\/s3\/aws4_request\n/,
        )
        assert.match(String(e.fields['CanonicalRequest']), /^POST\n\/\n\n/)
        return true
      },
    )
  })

  it('missing auth: the style’s error, anonymous for S3', async () => {
    const unsigned = toWire(request())
    await rejects(
      auth(unsigned, options()),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
      400,
    )
    await rejects(
      auth(unsigned, options({ errorStyle: 'query' })),
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
      403,
    )
    await rejects(
      auth(unsigned, options({ errorStyle: 'restJson' })),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
      403,
    )
    const anon = await auth(unsigned, options({ errorStyle: 's3' }))
    assert.equal(anon.principal.kind, 'anonymous')
  })

  it('sigv4 mode: unknown keys are refused', async () => {
    const req = await signed('AKIAWHOEVER', 'anything')
    await rejects(
      auth(req, options({ mode: 'sigv4' })),
      'UnrecognizedClientException',
      INVALID,
      400,
    )
    await rejects(
      auth(req, options({ mode: 'sigv4', errorStyle: 'query' })),
      'InvalidClientTokenId',
      INVALID,
      403,
    )
    await rejects(
      auth(req, options({ mode: 'sigv4', errorStyle: 'restJson' })),
      'UnrecognizedClientException',
      INVALID,
      403,
    )
    await rejects(
      auth(req, options({ mode: 'sigv4', errorStyle: 's3' })),
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    )
  })

  it('inactive keys are refused even in local mode', async () => {
    await rejects(
      auth(await signed('AKIAOFF', 'secret'), options()),
      'UnrecognizedClientException',
      INVALID,
      400,
    )
  })

  it('temporary credentials need their session token and expire', async () => {
    const ok = await auth(await signed('ASIATEMP', 'tempsecret', 'TOKEN'), options())
    assert.equal(ok.principal.kind, 'assumed-role')
    await rejects(
      auth(await signed('ASIATEMP', 'tempsecret'), options()),
      'UnrecognizedClientException',
      INVALID,
      400,
    )
    await rejects(
      auth(await signed('ASIATEMP', 'tempsecret', 'OTHER'), options()),
      'UnrecognizedClientException',
      INVALID,
      400,
    )
    await rejects(
      auth(
        await signed('ASIATEMP', 'tempsecret', 'TOKEN'),
        options({ now: () => DATE.getTime() + 600_000 }),
      ),
      'ExpiredTokenException',
      'The security token included in the request is expired',
      400,
    )
  })

  it('clock skew applies to every key, S3 wording included', async () => {
    const req = await signed('AKIAWHOEVER', 'x', undefined, 's3')
    await assert.rejects(
      auth(req, options({ errorStyle: 's3', now: () => DATE.getTime() + 16 * 60_000 })),
      (e: unknown) => {
        assert.ok(e instanceof AwsError)
        assert.equal(e.name, 'RequestTimeTooSkewed')
        assert.equal(
          e.message,
          'The difference between the request time and the current time is too large.',
        )
        assert.equal(e.status, 403)
        assert.deepEqual(e.fields, {
          RequestTime: '20250101T000000Z',
          ServerTime: '2025-01-01T00:16:00Z',
          MaxAllowedSkewMilliseconds: '900000',
        })
        return true
      },
    )
  })
})
