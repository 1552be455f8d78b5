import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkPolicy } from './post-policy.js'

const NOW = Date.parse('2026-06-01T00:00:00Z')
const encode = (doc: unknown): string => Buffer.from(JSON.stringify(doc)).toString('base64')
const policy = (conditions: unknown[], expiration = '2026-06-01T01:00:00.000Z') =>
  encode({ expiration, conditions })
const fields = (f: Record<string, string>) => new Map(Object.entries(f))
const throwsS3 = (fn: () => unknown, code: string, message: string) =>
  assert.throws(fn, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, code)
    assert.equal(e.message, message)
    return true
  })

test('exact, starts-with and size conditions; field names match case-insensitively', () => {
  const range = checkPolicy(
    policy([
      { bucket: 'b' },
      ['eq', '$Key', 'k'],
      ['starts-with', '$Content-Type', 'image/'],
      ['content-length-range', 10, 100],
      ['content-length-range', 0, 50],
    ]),
    fields({ bucket: 'b', key: 'k', 'content-type': 'image/png', 'x-ignore-me': '1' }),
    NOW,
  )
  assert.deepEqual(range, { min: 10, max: 50 })
})

test('every sent field must be named by a condition; policy and signature fields need not be', () => {
  throwsS3(
    () => checkPolicy(policy([{ key: 'k' }]), fields({ key: 'k', acl: 'private' }), NOW),
    'AccessDenied',
    'Invalid according to Policy: Extra input fields: acl',
  )
  assert.ok(
    checkPolicy(
      policy([{ key: 'k' }]),
      fields({ key: 'k', policy: 'p', 'x-amz-signature': 's', file: '' }),
      NOW,
    ),
  )
})

test('failed conditions are quoted as S3 quotes them', () => {
  throwsS3(
    () => checkPolicy(policy([['starts-with', '$key', 'a/']]), fields({ key: 'b/x' }), NOW),
    'AccessDenied',
    'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "a/"]',
  )
  throwsS3(
    () => checkPolicy(policy([{ key: 'a' }]), fields({ key: 'b' }), NOW),
    'AccessDenied',
    'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "a"]',
  )
})

test('expired, unparsable and incomplete policies', () => {
  throwsS3(
    () => checkPolicy(policy([], '2026-05-31T23:59:59Z'), fields({}), NOW),
    'AccessDenied',
    'Invalid according to Policy: Policy expired.',
  )
  throwsS3(
    () => checkPolicy('not base64 json', fields({}), NOW),
    'InvalidPolicyDocument',
    'Invalid Policy: Invalid JSON.',
  )
  throwsS3(
    () => checkPolicy(encode({ conditions: [] }), fields({}), NOW),
    'InvalidPolicyDocument',
    'Invalid Policy: Policy missing expiration.',
  )
  throwsS3(
    () => checkPolicy(policy([['content-length-range', 'a', 5]]), fields({}), NOW),
    'InvalidPolicyDocument',
    'Invalid Policy: Invalid content-length-range condition.',
  )
  throwsS3(
    () => checkPolicy(policy([{ key: 'a', acl: 'b' }]), fields({ key: 'a', acl: 'b' }), NOW),
    'InvalidPolicyDocument',
    'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
  )
})
