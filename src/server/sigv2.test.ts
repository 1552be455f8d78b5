import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { WireRequest } from '../protocols/protocol.js'
import { checkSigV2Time, parseSigV2, signV2, stringsToSignV2 } from './sigv2.js'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

const request = (over: Partial<WireRequest>): WireRequest => ({
  method: 'GET',
  path: '/',
  rawQuery: '',
  headers: {},
  host: '127.0.0.1',
  body: Buffer.alloc(0),
  ...over,
})

test("S3's documented example: a virtual-hosted GET signed in the Authorization header", () => {
  const req = request({
    path: '/photos/puppy.jpg',
    host: 'awsexamplebucket1.s3.us-west-1.amazonaws.com',
    headers: {
      date: 'Tue, 27 Mar 2007 19:36:42 +0000',
      authorization: 'AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=',
    },
  })
  const info = parseSigV2(req)!
  assert.equal(info.accessKeyId, 'AKIAIOSFODNN7EXAMPLE')
  const [text] = stringsToSignV2(req, info, 'awsexamplebucket1')
  assert.equal(
    text,
    'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg',
  )
  assert.equal(signV2(SECRET, text!), info.signature)
})

test('presigned: Expires is the date; x-amz-* and content-type come from the query; sub-resources sorted', () => {
  const req = request({
    method: 'PUT',
    path: '/bkt/a%20b',
    rawQuery:
      'versionId=v1&response-content-type=text%2Fplain&AWSAccessKeyId=AK&Signature=s%2B&Expires=1700000000&x-amz-meta-who=me&content-type=text%2Fcsv&list-type=2',
  })
  const info = parseSigV2(req)!
  assert.deepEqual(info, { accessKeyId: 'AK', signature: 's+', expiresAt: 1_700_000_000_000 })
  assert.deepEqual(stringsToSignV2(req, info, undefined), [
    'PUT\n\ntext/csv\n1700000000\nx-amz-meta-who:me\n/bkt/a%20b?response-content-type=text/plain&versionId=v1',
  ])
})

test('a bucket alone signs as /bucket/ (botocore) or /bucket; x-amz-date empties the date line', () => {
  const req = request({
    method: 'PUT',
    path: '/bkt',
    headers: {
      'x-amz-date': 'Tue, 27 Mar 2007 19:36:42 +0000',
      'content-md5': 'md5==',
      authorization: 'AWS AK:sig',
    },
  })
  assert.deepEqual(stringsToSignV2(req, parseSigV2(req)!, undefined), [
    'PUT\nmd5==\n\n\nx-amz-date:Tue, 27 Mar 2007 19:36:42 +0000\n/bkt/',
    'PUT\nmd5==\n\n\nx-amz-date:Tue, 27 Mar 2007 19:36:42 +0000\n/bkt',
  ])
})

test("malformed, incomplete and expired credentials get S3's errors", () => {
  const code = (fn: () => unknown) => {
    try {
      fn()
    } catch (e) {
      return (e as { code: string }).code
    }
    return 'none'
  }
  const bad = request({
    headers: { authorization: 'AWS nocolon', date: 'Tue, 27 Mar 2007 19:36:42 GMT' },
  })
  assert.equal(
    code(() => parseSigV2(bad)),
    'InvalidArgument',
  )
  assert.equal(
    code(() => parseSigV2(request({ rawQuery: 'AWSAccessKeyId=AK&Expires=1' }))),
    'AccessDenied',
  )
  const expired = parseSigV2(request({ rawQuery: 'AWSAccessKeyId=AK&Signature=s&Expires=100' }))!
  assert.equal(
    code(() => checkSigV2Time(expired, 101_000)),
    'AccessDenied',
  )
  assert.equal(
    code(() => checkSigV2Time(expired, 100_000)),
    'none',
  )
  const old = parseSigV2(
    request({ headers: { authorization: 'AWS AK:s', date: 'Tue, 27 Mar 2007 19:36:42 GMT' } }),
  )!
  assert.equal(
    code(() => checkSigV2Time(old, Date.now())),
    'RequestTimeTooSkewed',
  )
  assert.equal(parseSigV2(request({ headers: { authorization: 'AWS4-HMAC-SHA256 x' } })), undefined)
})
