// Converts one Smithy JSON AST (already patched) into the compact runtime model of
// src/protocols/model.ts plus the TypeScript declarations for handlers.

const PROTOCOLS = {
  'aws.protocols#awsJson1_0': 'awsJson1_0',
  'aws.protocols#awsJson1_1': 'awsJson1_1',
  'aws.protocols#restJson1': 'restJson1',
  'aws.protocols#restXml': 'restXml',
  'aws.protocols#awsQuery': 'awsQuery',
}

const PRELUDE = {
  String: 'string',
  Blob: 'blob',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
}

const UNIT = 'smithy.api#Unit'

// Global types the generated file refers to (or a reader would expect to be global):
// a model shape with one of these names gets a `_` suffix on the TypeScript side only.
const RESERVED_TS = new Set([
  'Date',
  'Uint8Array',
  'Record',
  'Readable',
  'Error',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Array',
  'Map',
  'Set',
  'Promise',
  'Function',
  'Symbol',
  'Operations',
  'EmptyStructure',
])

const NUMBER_TYPES = new Set([
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'bigInteger',
  'bigDecimal',
])

export const shortName = (id) => (id.startsWith('smithy.api#') ? id : id.slice(id.indexOf('#') + 1))

const findService = (ast) => {
  const services = Object.entries(ast.shapes).filter(([, s]) => s.type === 'service')
  if (services.length !== 1)
    throw new Error(`expected exactly one service shape, found ${services.length}`)
  return services[0]
}

// Every operation bound to the service, directly or through (nested) resources.
const collectOperations = (ast, service) => {
  const ops = new Set(service.operations?.map((o) => o.target) ?? [])
  const seen = new Set()
  const walkResource = (id) => {
    if (seen.has(id)) return
    seen.add(id)
    const r = ast.shapes[id]
    if (!r) throw new Error(`missing resource ${id}`)
    for (const key of ['create', 'put', 'read', 'update', 'delete', 'list'])
      if (r[key]) ops.add(r[key].target)
    for (const o of [...(r.operations ?? []), ...(r.collectionOperations ?? [])]) ops.add(o.target)
    for (const child of r.resources ?? []) walkResource(child.target)
  }
  for (const r of service.resources ?? []) walkResource(r.target)
  return [...ops]
}

const pick = (traits, key) => (traits ? traits[key] : undefined)

const lengthOf = (traits) => {
  const l = pick(traits, 'smithy.api#length')
  if (!l) return undefined
  const out = {}
  if (l.min !== undefined) out.min = l.min
  if (l.max !== undefined) out.max = l.max
  return out
}

const xmlNs = (v) =>
  v ? (v.prefix ? { uri: v.uri, prefix: v.prefix } : { uri: v.uri }) : undefined

const shapeBase = (traits) => {
  const out = {}
  const xmlName = pick(traits, 'smithy.api#xmlName')
  if (xmlName !== undefined) out.xmlName = xmlName
  const ns = xmlNs(pick(traits, 'smithy.api#xmlNamespace'))
  if (ns) out.xmlNamespace = ns
  if (pick(traits, 'smithy.api#sensitive')) out.sensitive = true
  return out
}

export const convertModel = (ast, { file } = {}) => {
  const [serviceId, service] = findService(ast)
  const st = service.traits ?? {}
  const protocolKey = Object.keys(PROTOCOLS).find((k) => st[k])
  if (!protocolKey) throw new Error(`${file}: no supported protocol trait on ${serviceId}`)
  const id = st['aws.auth#sigv4']?.name
  if (!id) throw new Error(`${file}: no aws.auth#sigv4 name`)
  const awsService = st['aws.api#service'] ?? {}

  const shapes = {}
  const idOf = new Map() // short name -> full id, to fail on cross-namespace collisions
  const queue = []
  const ref = (target) => {
    const name = shortName(target)
    const prev = idOf.get(name)
    if (prev === undefined) {
      idOf.set(name, target)
      queue.push(target)
    } else if (prev !== target) {
      throw new Error(`${file}: shapes ${prev} and ${target} would both be named '${name}'`)
    }
    return name
  }

  const operations = {}
  const serviceErrors = (service.errors ?? []).map((e) => e.target)
  for (const opId of collectOperations(ast, service)) {
    const op = ast.shapes[opId]
    if (op?.type !== 'operation') throw new Error(`${file}: missing operation ${opId}`)
    const name = shortName(opId)
    const t = op.traits ?? {}
    const out = { name }
    if (op.input && op.input.target !== UNIT) out.input = ref(op.input.target)
    if (op.output && op.output.target !== UNIT) out.output = ref(op.output.target)
    const errors = [...new Set([...(op.errors ?? []).map((e) => e.target), ...serviceErrors])]
    out.errors = errors.map(ref).sort()
    const http = t['smithy.api#http']
    if (http) {
      out.http = { method: http.method, uri: http.uri }
      if (http.code !== undefined && http.code !== 200) out.http.code = http.code
    }
    const hostPrefix = t['smithy.api#endpoint']?.hostPrefix
    if (hostPrefix) out.hostPrefix = hostPrefix
    if (t['smithy.api#idempotent']) out.idempotent = true
    const cs = t['aws.protocols#httpChecksum']
    if (cs) {
      const c = {}
      if (cs.requestChecksumRequired) c.requestRequired = true
      if (cs.requestAlgorithmMember) c.requestAlgorithmMember = cs.requestAlgorithmMember
      if (cs.requestValidationModeMember) c.responseValidation = cs.requestValidationModeMember
      out.checksum = c
    }
    if (t['aws.auth#unsignedPayload']) out.unsignedPayload = true
    if (t['aws.customizations#s3UnwrappedXmlOutput']) out.unwrappedXmlOutput = true
    if (t['smithy.api#requestCompression'])
      out.requestCompression = [...t['smithy.api#requestCompression'].encodings]
    operations[name] = out
  }

  const member = (m, name) => {
    const t = m.traits ?? {}
    const out = { target: ref(m.target) }
    if (t['smithy.api#required']) out.required = true
    const def = t['smithy.api#default']
    if (def !== undefined && def !== null) out.default = def
    if (t['smithy.api#httpHeader'] !== undefined) {
      out.location = 'header'
      out.locationName = t['smithy.api#httpHeader']
    } else if (t['smithy.api#httpQuery'] !== undefined) {
      out.location = 'query'
      out.locationName = t['smithy.api#httpQuery']
    } else if (t['smithy.api#httpLabel']) {
      out.location = 'label'
      out.locationName = name
    } else if (t['smithy.api#httpPayload']) {
      out.location = 'payload'
    } else if (t['smithy.api#httpPrefixHeaders'] !== undefined) {
      out.location = 'prefixHeaders'
      out.locationName = t['smithy.api#httpPrefixHeaders']
    } else if (t['smithy.api#httpQueryParams']) {
      out.location = 'queryParams'
    } else if (t['smithy.api#httpResponseCode']) {
      out.location = 'statusCode'
    } else if (t['smithy.api#hostLabel']) {
      out.location = 'hostLabel'
      out.locationName = name
    }
    if (t['smithy.api#jsonName'] !== undefined) out.jsonName = t['smithy.api#jsonName']
    if (t['smithy.api#xmlName'] !== undefined) out.xmlName = t['smithy.api#xmlName']
    if (t['smithy.api#xmlAttribute']) out.xmlAttribute = true
    if (t['smithy.api#xmlFlattened']) out.xmlFlattened = true
    const ns = xmlNs(t['smithy.api#xmlNamespace'])
    if (ns) out.xmlNamespace = ns
    if (t['smithy.api#idempotencyToken']) out.idempotencyToken = true
    if (t['smithy.api#eventPayload']) out.eventPayload = true
    if (t['smithy.api#deprecated']) out.deprecated = true
    if (t['smithy.api#timestampFormat']) out.timestampFormat = t['smithy.api#timestampFormat']
    return out
  }
  const members = (ms) =>
    Object.fromEntries(Object.entries(ms ?? {}).map(([name, m]) => [name, member(m, name)]))

  const convertShape = (fullId) => {
    if (fullId.startsWith('smithy.api#')) {
      const type = PRELUDE[fullId.slice(11)]
      if (!type) throw new Error(`${file}: unknown prelude shape ${fullId}`)
      return { type }
    }
    const s = ast.shapes[fullId]
    if (!s) throw new Error(`${file}: missing shape ${fullId}`)
    const t = s.traits ?? {}
    const base = shapeBase(t)
    switch (s.type) {
      case 'structure': {
        const out = { type: 'structure', ...base, members: members(s.members) }
        if (t['smithy.api#error']) out.error = t['smithy.api#error']
        if (t['smithy.api#httpError'] !== undefined) out.httpError = t['smithy.api#httpError']
        const qe = t['aws.protocols#awsQueryError']
        if (qe) out.queryError = { code: qe.code, status: qe.httpResponseCode }
        return out
      }
      case 'union': {
        const out = { type: 'union', ...base, members: members(s.members) }
        if (t['smithy.api#streaming']) out.streaming = true
        return out
      }
      case 'list':
      case 'set': {
        const out = { type: 'list', ...base, member: member(s.member) }
        const l = lengthOf(t)
        if (l) out.length = l
        if (t['smithy.api#uniqueItems'] || s.type === 'set') out.uniqueItems = true
        if (t['smithy.api#sparse']) out.sparse = true
        return out
      }
      case 'map': {
        const out = { type: 'map', ...base, key: member(s.key), value: member(s.value) }
        const l = lengthOf(t)
        if (l) out.length = l
        if (t['smithy.api#sparse']) out.sparse = true
        return out
      }
      case 'string':
      case 'enum': {
        const out = { type: 'string', ...base }
        const l = lengthOf(t)
        if (l) out.length = l
        if (t['smithy.api#pattern'] !== undefined) out.pattern = t['smithy.api#pattern']
        if (s.type === 'enum') {
          out.enum = Object.entries(s.members ?? {}).map(
            ([n, m]) => m.traits?.['smithy.api#enumValue'] ?? n,
          )
        } else if (t['smithy.api#enum']) {
          out.enum = t['smithy.api#enum'].map((e) => e.value)
        }
        if (t['smithy.api#mediaType'] !== undefined) out.mediaType = t['smithy.api#mediaType']
        return out
      }
      case 'intEnum': {
        const out = { type: 'intEnum', ...base }
        out.enum = Object.values(s.members ?? {}).map((m) => m.traits['smithy.api#enumValue'])
        return out
      }
      case 'blob': {
        const out = { type: 'blob', ...base }
        const l = lengthOf(t)
        if (l) out.length = l
        if (t['smithy.api#streaming']) out.streaming = true
        return out
      }
      case 'timestamp': {
        const out = { type: 'timestamp', ...base }
        if (t['smithy.api#timestampFormat']) out.format = t['smithy.api#timestampFormat']
        return out
      }
      case 'boolean':
      case 'document':
        return { type: s.type, ...base }
      default: {
        if (!NUMBER_TYPES.has(s.type))
          throw new Error(`${file}: unsupported shape type ${s.type} (${fullId})`)
        const out = { type: s.type, ...base }
        const r = t['smithy.api#range']
        if (r) {
          out.range = {}
          if (r.min !== undefined) out.range.min = Number(r.min)
          if (r.max !== undefined) out.range.max = Number(r.max)
        }
        return out
      }
    }
  }

  while (queue.length > 0) {
    const fullId = queue.shift()
    shapes[shortName(fullId)] = convertShape(fullId)
  }

  const model = {
    id,
    sdkId: awsService.sdkId ?? shortName(serviceId),
    version: service.version,
    protocol: PROTOCOLS[protocolKey],
    targetPrefix: shortName(serviceId),
    signingName: id,
    endpointPrefix: awsService.endpointPrefix ?? id,
  }
  const ns = st['smithy.api#xmlNamespace']?.uri
  if (ns) model.xmlNamespace = ns
  model.operations = sortKeys(operations)
  model.shapes = sortKeys(shapes)
  return model
}

const sortKeys = (obj) =>
  Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  )

// ---- emitting ----

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/

const str = (s) =>
  `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`

const key = (k) => (IDENT.test(k) ? k : str(k))

// A compact, deterministic JS literal (single quotes, bare keys where possible).
export const literal = (v) => {
  if (v === null) return 'null'
  if (typeof v === 'string') return str(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`
  const entries = Object.entries(v).filter(([, x]) => x !== undefined)
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x)}`).join(', ')} }`
}

const tsName = (name) => (RESERVED_TS.has(name) ? `${name}_` : name)

const PRELUDE_TS = {
  string: 'string',
  blob: 'Uint8Array',
  timestamp: 'Date',
  document: 'unknown',
  boolean: 'boolean',
}

const tsRef = (model, target) => {
  if (target.startsWith('smithy.api#')) {
    const type = model.shapes[target].type
    return PRELUDE_TS[type] ?? 'number'
  }
  return tsName(target)
}

const tsDecl = (model, name, s) => {
  const n = tsName(name)
  const ref = (m) => tsRef(model, m.target)
  switch (s.type) {
    case 'structure':
    case 'union': {
      const ms = Object.entries(s.members)
      if (ms.length === 0) return `export interface ${n} {}`
      const body = ms
        .map(([k, m]) => `${key(k)}${s.type === 'structure' && m.required ? '' : '?'}: ${ref(m)}`)
        .join('; ')
      return `export interface ${n} { ${body} }`
    }
    case 'list':
      return `export type ${n} = ${s.sparse ? `(${ref(s.member)} | null)` : ref(s.member)}[]`
    case 'map':
      return `export type ${n} = { [key: string]: ${ref(s.value)}${s.sparse ? ' | null' : ''} }`
    case 'string':
      return `export type ${n} = ${s.enum && s.enum.length > 0 ? s.enum.map(str).join(' | ') : 'string'}`
    case 'intEnum':
      return `export type ${n} = ${s.enum && s.enum.length > 0 ? s.enum.join(' | ') : 'number'}`
    case 'blob':
      return `export type ${n} = ${s.streaming ? "Uint8Array | import('node:stream').Readable" : 'Uint8Array'}`
    case 'timestamp':
      return `export type ${n} = Date`
    case 'boolean':
      return `export type ${n} = boolean`
    case 'document':
      return `export type ${n} = unknown`
    default:
      return `export type ${n} = number`
  }
}

export const HEADER =
  '// Generated by scripts/gen-models.mjs from AWS Smithy models (Apache-2.0). Do not edit.'

export const emitModule = (model) => {
  const lines = [HEADER, "import type { ServiceModel } from '../protocols/model.js'", '']
  lines.push('export const model: ServiceModel = {')
  for (const k of [
    'id',
    'sdkId',
    'version',
    'protocol',
    'targetPrefix',
    'signingName',
    'endpointPrefix',
    'xmlNamespace',
  ]) {
    if (model[k] !== undefined) lines.push(`  ${k}: ${literal(model[k])},`)
  }
  lines.push('  operations: {')
  for (const [name, op] of Object.entries(model.operations))
    lines.push(`    ${key(name)}: ${literal(op)},`)
  lines.push('  },')
  lines.push('  shapes: {')
  for (const [name, s] of Object.entries(model.shapes))
    lines.push(`    ${key(name)}: ${literal(s)},`)
  lines.push('  },')
  lines.push('}')
  lines.push('')
  lines.push('/** Input/output of an operation whose model says smithy.api#Unit. */')
  lines.push('export type EmptyStructure = { [key: string]: never }')
  lines.push('')
  for (const [name, s] of Object.entries(model.shapes)) {
    if (name.startsWith('smithy.api#')) continue
    lines.push(tsDecl(model, name, s))
  }
  lines.push('')
  lines.push('export interface Operations {')
  for (const [name, op] of Object.entries(model.operations)) {
    const i = op.input ? tsName(op.input) : 'EmptyStructure'
    const o = op.output ? tsName(op.output) : 'EmptyStructure'
    lines.push(`  ${key(name)}: [${i}, ${o}]`)
  }
  lines.push('}')
  lines.push('')
  lines.push(
    `export const operationNames = [${Object.keys(model.operations).map(str).join(', ')}] as const`,
  )
  lines.push('')
  return lines.join('\n')
}

export const emitIndex = (models) => {
  const lines = [HEADER, "import type { ServiceIndexEntry } from '../protocols/model.js'", '']
  lines.push('// Routing facts only; each full model loads lazily so cold start stays small.')
  lines.push('export const services: ServiceIndexEntry[] = [')
  for (const m of [...models].sort((a, b) => a.id.localeCompare(b.id))) {
    const fields = ['id', 'protocol', 'targetPrefix', 'signingName', 'endpointPrefix'].map(
      (k) => `${k}: ${literal(m[k])}`,
    )
    lines.push(`  { ${fields.join(', ')}, load: () => import('./${m.id}.js') },`)
  }
  lines.push(']')
  lines.push('')
  return lines.join('\n')
}
