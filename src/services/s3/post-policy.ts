/**
 * The policy of a browser-form POST upload: a base64 JSON document with an expiration and
 * conditions every form field must meet, and that must name every field the form sends.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
import { AwsError } from '../../server/errors.js'

/** What a policy allows of the upload's size, from its `content-length-range` conditions. */
export interface SizeRange {
  min: number
  max: number
}

const invalidPolicy = (message: string): AwsError =>
  new AwsError('InvalidPolicyDocument', `Invalid Policy: ${message}`, 400)

const denied = (message: string): AwsError =>
  new AwsError('AccessDenied', `Invalid according to Policy: ${message}`, 403)

/** Fields a policy need not name (S3's list; the signature cannot sign itself). */
const exempt = (name: string): boolean =>
  name === 'policy' ||
  name === 'x-amz-signature' ||
  name === 'file' ||
  name === 'awsaccesskeyid' ||
  name === 'signature' ||
  name.startsWith('x-ignore-')

type Condition =
  | { kind: 'eq' | 'starts-with'; field: string; value: string; text: string }
  | { kind: 'range'; min: number; max: number }

const conditionText = (c: unknown): string => JSON.stringify(c).replace(/,/g, ', ')

const parseCondition = (c: unknown): Condition => {
  if (Array.isArray(c)) {
    const [op, a, b] = c as unknown[]
    const name = typeof op === 'string' ? op.toLowerCase() : ''
    if (name === 'content-length-range') {
      const min = Number(a)
      const max = Number(b)
      if (c.length !== 3 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0)
        throw invalidPolicy('Invalid content-length-range condition.')
      return { kind: 'range', min, max }
    }
    if ((name === 'eq' || name === 'starts-with') && c.length === 3) {
      if (typeof a !== 'string' || !a.startsWith('$') || typeof b !== 'string')
        throw invalidPolicy(`Invalid ${name} condition: ${conditionText(c)}`)
      return { kind: name, field: a.slice(1).toLowerCase(), value: b, text: conditionText(c) }
    }
    throw invalidPolicy(`Invalid condition: ${conditionText(c)}`)
  }
  if (c && typeof c === 'object') {
    const entries = Object.entries(c as Record<string, unknown>)
    const [field, value] = entries[0] ?? []
    if (entries.length !== 1 || field === undefined || typeof value !== 'string')
      throw invalidPolicy(
        'Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
      )
    return {
      kind: 'eq',
      field: field.toLowerCase(),
      value,
      text: conditionText(['eq', `$${field}`, value]),
    }
  }
  throw invalidPolicy(`Invalid condition: ${conditionText(c)}`)
}

/**
 * Checks `fields` (names lower-cased; `bucket` included, as S3 matches it against the URL's)
 * against the base64 policy at time `now`. Throws S3's InvalidPolicyDocument or AccessDenied;
 * returns the allowed size range (the body is checked against it as it streams).
 */
export const checkPolicy = (
  policyBase64: string,
  fields: ReadonlyMap<string, string>,
  now: number,
): SizeRange => {
  let doc: unknown
  try {
    doc = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'))
  } catch {
    throw invalidPolicy('Invalid JSON.')
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.')
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown }
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.')
  const expires = Date.parse(expiration)
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid expiration: ${expiration}`)
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.')
  const parsed = conditions.map(parseCondition)
  if (expires <= now) throw denied('Policy expired.')
  const covered = new Set<string>()
  const range: SizeRange = { min: 0, max: Number.MAX_SAFE_INTEGER }
  for (const c of parsed) {
    if (c.kind === 'range') {
      range.min = Math.max(range.min, c.min)
      range.max = Math.min(range.max, c.max)
      continue
    }
    covered.add(c.field)
    const value = fields.get(c.field) ?? ''
    const ok = c.kind === 'eq' ? value === c.value : value.startsWith(c.value)
    if (!ok) throw denied(`Policy Condition failed: ${c.text}`)
  }
  const extra = [...fields.keys()].filter((f) => f !== 'bucket' && !exempt(f) && !covered.has(f))
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`)
  return range
}
