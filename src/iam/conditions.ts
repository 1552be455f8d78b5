/**
 * Condition operators as AWS documents them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * .../reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * Several values under one key are OR-ed; negated operators are NOT(any match).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { type ConditionTest, splitOperator, wildcardMatcher } from './policy.js'

/**
 * Request context: lower-cased keys; multi-valued keys are arrays. Only `get` is needed, so a
 * Map works, and so does a lazy view that computes values only when a policy reads them.
 */
export interface RequestContext {
  get(key: string): string | readonly string[] | undefined
}

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
])

/** The positive counterpart of a negated operator. */
const POSITIVE: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
}

const toDate = (v: string): number => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v))

const ipMatches = (value: string, cidr: string): boolean => {
  const [net, bitsRaw] = cidr.split('/')
  if (!net) return false
  const v6 = isIPv6(net)
  if (!v6 && !isIPv4(net)) return false
  const bits = bitsRaw === undefined ? (v6 ? 128 : 32) : Number(bitsRaw)
  const addr = value.startsWith('::ffff:') && !v6 ? value.slice(7) : value
  const type = v6 ? 'ipv6' : 'ipv4'
  if (v6 ? !isIPv6(addr) : !isIPv4(addr)) return false
  const list = new BlockList()
  list.addSubnet(net, bits, type)
  return list.check(addr, type)
}

/** ARN comparison: six colon-separated parts, each compared (wildcards for ArnLike). */
const arnMatches = (value: string, pattern: string): boolean => {
  const vp = value.split(':')
  const pp = pattern.split(':')
  if (vp.length < 6 || pp.length < 6) return false
  // The resource part may itself contain colons: compare it as a whole.
  const v = [...vp.slice(0, 5), vp.slice(5).join(':')]
  const p = [...pp.slice(0, 5), pp.slice(5).join(':')]
  return v.every((part, i) => wildcardMatcher(p[i]!).test(part))
}

/** One request value against one policy value, for a positive base operator. */
const matchOne = (base: string, value: string, expected: string): boolean => {
  switch (base) {
    case 'StringEquals':
      return value === expected
    case 'StringEqualsIgnoreCase':
      return value.toLowerCase() === expected.toLowerCase()
    case 'StringLike':
      return wildcardMatcher(expected).test(value)
    case 'NumericEquals':
      return Number(value) === Number(expected)
    case 'NumericLessThan':
      return Number(value) < Number(expected)
    case 'NumericLessThanEquals':
      return Number(value) <= Number(expected)
    case 'NumericGreaterThan':
      return Number(value) > Number(expected)
    case 'NumericGreaterThanEquals':
      return Number(value) >= Number(expected)
    case 'DateEquals':
      return toDate(value) === toDate(expected)
    case 'DateLessThan':
      return toDate(value) < toDate(expected)
    case 'DateLessThanEquals':
      return toDate(value) <= toDate(expected)
    case 'DateGreaterThan':
      return toDate(value) > toDate(expected)
    case 'DateGreaterThanEquals':
      return toDate(value) >= toDate(expected)
    case 'Bool':
      return value.toLowerCase() === expected.toLowerCase()
    case 'BinaryEquals':
      return Buffer.from(value).toString('base64') === expected || value === expected
    case 'IpAddress':
      return ipMatches(value, expected)
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatches(value, expected)
    default:
      return false
  }
}

/** Replaces `${key}` policy variables from the context; `${*}`, `${?}`, `${$}` are escapes. */
export const substituteVariables = (text: string, ctx: RequestContext): string | undefined => {
  if (!text.includes('${')) return text
  let missing = false
  const out = text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name
    const comma = name.indexOf(',')
    const key = (comma === -1 ? name : name.slice(0, comma)).trim().toLowerCase()
    const v = ctx.get(key)
    if (typeof v === 'string') return v
    // `${key, 'default'}` supplies a value when the key is absent.
    const def = comma === -1 ? undefined : /'([^']*)'/.exec(name.slice(comma))?.[1]
    if (def !== undefined) return def
    missing = true
    return ''
  })
  return missing ? undefined : out
}

/** Evaluates one condition test; `true` means the condition holds. */
export const evaluateCondition = (test: ConditionTest, ctx: RequestContext): boolean => {
  const { set, base, ifExists } = splitOperator(test.operator)
  const raw = ctx.get(test.key)
  if (base === 'Null') {
    const isAbsent = raw === undefined || (Array.isArray(raw) && raw.length === 0)
    return test.values.some((v) => (v.toLowerCase() === 'true') === isAbsent)
  }
  const expected = test.values
    .map((v) =>
      base.startsWith('String') || base.startsWith('Arn') ? substituteVariables(v, ctx) : v,
    )
    .filter((v): v is string => v !== undefined)
  const negated = NEGATED.has(base)
  const positive = POSITIVE[base] ?? base
  const anyExpected = (value: string): boolean => expected.some((e) => matchOne(positive, value, e))
  if (raw === undefined) {
    if (ifExists) return true
    if (set === 'ForAllValues') return true
    return negated && set !== 'ForAnyValue'
  }
  const values = typeof raw === 'string' ? [raw] : raw
  const holds = (value: string): boolean => (negated ? !anyExpected(value) : anyExpected(value))
  if (set === 'ForAllValues') return values.every(holds)
  if (set === 'ForAnyValue') return values.some(holds)
  // A multi-valued key without a set operator: AWS compares each value; any match counts.
  return negated ? values.every(holds) : values.some(holds)
}
