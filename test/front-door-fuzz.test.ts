/**
 * Garbage in, AWS errors out: seeded random requests against every protocol must each get a
 * 4xx/5xx AWS error (never a 500 InternalFailure, a stack trace or a dropped connection), and
 * the server must stay healthy.
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, describe, it } from 'node:test'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const TARGETS = [
  'Kinesis_20131202.PutRecord',
  'Kinesis_20131202.GetRecords',
  'Kinesis_20131202.CreateStream',
  'Firehose_20150804.PutRecord',
  'AWSGlue.CreateDatabase',
  'Kinesis_20131202.',
  '.',
  '',
]
const CONTENT_TYPES = [
  'application/x-amz-json-1.1',
  'application/x-amz-cbor-1.1',
  'application/x-www-form-urlencoded',
  'application/xml',
  'text/plain',
  '',
]
const PATHS = [
  '/',
  '/bucket',
  '/bucket/key',
  '/bucket/a%2F..%2Fb?uploads',
  '/%ff%fe',
  '/b/k?tagging&versionId=%00',
  '/restapis/x/resources',
]
const BODIES = [
  '',
  '{',
  '{"StreamName":',
  '{"StreamName":{"a":1},"Data":[1,2],"PartitionKey":null}',
  '{"Records":[{"Data":"!!!","PartitionKey":"k"}],"StreamName":"s"}',
  '[]',
  'null',
  '"x"',
  '<a><b></a>',
  '<?xml version="1.0"?><Delete><Object/></Delete>',
  'Action=CreateRole&RoleName=&AssumeRolePolicyDocument=%7B',
  'Action=ListRoles&Version=2010-05-08&MaxItems=abc',
  '\u0000\u0001\u0002\u00ff',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
]

const send = (
  cloud: Cloud,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: cloud.port, method, path, headers },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.end(method === 'GET' || method === 'HEAD' ? undefined : body)
  })

describe('front door under random bad input', () => {
  let cloud: Cloud
  before(async () => {
    cloud = await startCloud()
  })
  after(() => cloud.stop())

  it('answers 300 random malformed requests with AWS errors and stays healthy', async () => {
    const rand = prng(20261125)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
    for (let i = 0; i < 300; i++) {
      const service = pick(['kinesis', 'firehose', 'glue', 's3', 'iam', 'sts', 'apigateway'])
      const headers: Record<string, string> = { 'x-amz-date': date }
      if (rand() < 0.9) {
        headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIDFUZZ/${date.slice(0, 8)}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`
      }
      if (rand() < 0.6) headers['x-amz-target'] = pick(TARGETS)
      const contentType = pick(CONTENT_TYPES)
      if (contentType) headers['content-type'] = contentType
      if (rand() < 0.2)
        headers['x-amz-content-sha256'] = pick([
          'UNSIGNED-PAYLOAD',
          'zz',
          'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        ])
      if (rand() < 0.1) headers['content-encoding'] = 'aws-chunked'
      const method = pick(['POST', 'PUT', 'GET', 'DELETE', 'HEAD', 'PATCH'])
      const path = pick(PATHS)
      const body = pick(BODIES)
      const what = `request ${i}: ${method} ${path} ${JSON.stringify(headers)} ${JSON.stringify(body)}`
      const res = await send(cloud, method, path, headers, body).catch((e: Error) => {
        throw new Error(`${what}: ${e.message}`)
      })
      const where = `${what} → ${res.status} ${res.body.slice(0, 200)}`
      assert.ok(res.status >= 200 && res.status < 600, where)
      assert.notEqual(res.status, 500, where)
      assert.doesNotMatch(res.body, /\n\s+at .+:\d+:\d+/, where)
      assert.doesNotMatch(res.body, /InternalFailure/, where)
    }
    const health = await send(cloud, 'GET', '/_millrace/health', {}, '')
    assert.equal(health.status, 200)
    // The __proto__ bodies above must not have polluted Object.prototype in this process.
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })
})
