// Reads the schema arrays that today's schema-based @aws-sdk/client-* packages ship in
// dist-cjs/index.js, so model-gaps and sdk-patches can compare them with the Smithy models.
// Encoding (from @smithy/core/schema): [0, ns, name, traits, base] simple, [1, ...member] list,
// [2, ...key, value] map, [3|-3|4, ns, name, traits, memberNames, memberSchemas, requiredCount]
// structure|error|union (required members come first), [9, ns, name, traits, input, output]
// operation; bare numbers are prelude schemas (0 string, 1 number, 2 boolean, 4-7 timestamp,
// 15 document, 17/19 big numbers, 21 blob, 42 streaming blob, 64|x list of x, 128|x map to x).
import { createRequire } from 'node:module'
import path from 'node:path'

const BIT_TRAITS = [
  'httpLabel',
  'idempotent',
  'idempotencyToken',
  'sensitive',
  'httpPayload',
  'httpResponseCode',
  'httpQueryParams',
]

export const traitsOf = (indicator) => {
  if (indicator && typeof indicator === 'object') return { ...indicator }
  const out = {}
  BIT_TRAITS.forEach((t, i) => {
    if (((indicator | 0) >> i) & 1) out[t] = 1
  })
  return out
}

const primOf = (code) => {
  if (code >= 64 && code < 128) return { list: primOf(code & 63) }
  if (code >= 128) return { map: primOf(code & 127) }
  switch (code) {
    case 0:
      return { prim: 'string' }
    case 1:
      return { prim: 'number' }
    case 2:
      return { prim: 'boolean' }
    case 4:
      return { prim: 'timestamp' }
    case 5:
      return { prim: 'timestamp', format: 'date-time' }
    case 6:
      return { prim: 'timestamp', format: 'http-date' }
    case 7:
      return { prim: 'timestamp', format: 'epoch-seconds' }
    case 15:
      return { prim: 'document' }
    case 17:
      return { prim: 'bigInteger' }
    case 19:
      return { prim: 'bigDecimal' }
    case 21:
      return { prim: 'blob' }
    case 42:
      return { prim: 'blob', streaming: true }
    default:
      throw new Error(`unknown SDK schema code ${code}`)
  }
}

const KINDS = {
  0: 'simple',
  1: 'list',
  2: 'map',
  3: 'structure',
  [-3]: 'error',
  4: 'union',
  9: 'operation',
}

export const loadSdkSchemas = (pkg, repoRoot) => {
  const require = createRequire(path.join(repoRoot, 'package.json'))
  const mod = require(pkg)
  const shapes = new Map()
  const operations = new Map()
  const seen = new Map()
  let namespace

  const typeRef = (raw) => {
    const x = typeof raw === 'function' ? raw() : raw
    if (typeof x === 'number') return primOf(x)
    if (x === 'unit') return { unit: true }
    if (!Array.isArray(x)) throw new Error(`${pkg}: unexpected schema ${String(x)}`)
    node(x)
    return { named: x[2] }
  }
  // A member schema is either a schema or [schema, traits].
  const memberOf = (raw) => {
    if (
      Array.isArray(raw) &&
      raw.length === 2 &&
      (typeof raw[0] === 'function' || typeof raw[0] === 'number' || Array.isArray(raw[0])) &&
      (typeof raw[1] === 'number' ||
        (raw[1] && typeof raw[1] === 'object' && !Array.isArray(raw[1])))
    ) {
      return { type: typeRef(raw[0]), traits: traitsOf(raw[1]) }
    }
    return { type: typeRef(raw), traits: {} }
  }
  const node = (x) => {
    if (seen.has(x)) return seen.get(x)
    const kind = KINDS[x[0]]
    if (!kind) throw new Error(`${pkg}: unknown schema kind ${x[0]}`)
    const n = { kind, ns: x[1], name: x[2], traits: traitsOf(x[3]) }
    seen.set(x, n)
    if (kind === 'operation') return n
    // The bundles sometimes repeat a schema literal (and synthetic base exceptions share
    // names across namespaces): the first one of a name wins.
    if (!shapes.has(n.name)) shapes.set(n.name, n)
    if (kind === 'simple') n.base = typeRef(x[4])
    else if (kind === 'list') n.member = memberOf(x[4])
    else if (kind === 'map') {
      n.key = memberOf(x[4])
      n.value = memberOf(x[5])
    } else {
      const required = typeof x[6] === 'number' ? x[6] : 0
      n.members = x[4].map((name, i) => ({ name, ...memberOf(x[5][i]), required: i < required }))
    }
    return n
  }

  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue
    namespace ??= value[1]
    operations.set(value[2], {
      name: value[2],
      traits: traitsOf(value[3]),
      input: typeRef(value[4]),
      output: typeRef(value[5]),
    })
  }
  // Errors are not linked from operations; take every exported error schema.
  for (const [key, value] of Object.entries(mod)) {
    if (key.endsWith('$') && Array.isArray(value) && value[0] === -3 && value[1] === namespace)
      node(value)
  }
  // Enum value objects (`export const StreamStatus = { ACTIVE: 'ACTIVE', ... }`).
  const enums = new Map()
  for (const [key, value] of Object.entries(mod)) {
    if (/^[A-Z]/.test(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const vals = Object.values(value)
      if (vals.length > 0 && vals.every((v) => typeof v === 'string')) enums.set(key, vals)
    }
  }
  const commands = Object.keys(mod)
    .filter((k) => k.endsWith('Command') && typeof mod[k] === 'function')
    .map((k) => k.slice(0, -7))
  return { namespace, operations, shapes, enums, commands }
}

export const SDK_PACKAGES = {
  kinesis: '@aws-sdk/client-kinesis',
  firehose: '@aws-sdk/client-firehose',
  glue: '@aws-sdk/client-glue',
  s3: '@aws-sdk/client-s3',
  apigateway: '@aws-sdk/client-api-gateway',
  iam: '@aws-sdk/client-iam',
  sts: '@aws-sdk/client-sts',
}
