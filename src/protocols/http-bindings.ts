/**
 * Smithy HTTP bindings shared by restXml (S3) and restJson1 (API Gateway): URI templates compiled
 * into an operation router, and the mapping between an operation's input/output members and the
 * request/response line, headers, query and payload. The body document itself is a `BodyCodec`
 * supplied by the protocol (XML or JSON).
 */
import { Readable } from 'node:stream'
import type { AwsError } from '../server/errors.js'
import type { Member, OperationModel, ServiceModel, Shape, StructureShape } from './model.js'
import type { EncodeContext, WireRequest, WireResponse } from './protocol.js'
import { asDate, parseTimestamp, toDateTime, toEpochSeconds, toHttpDate } from './timestamps.js'
import { decodeUriOrKeep } from './uri.js'

export type TimestampFormat = 'date-time' | 'http-date' | 'epoch-seconds'

// Prelude shapes a model may reference without defining (the generator only copies used ones).
const preludeTypes: Record<string, Shape['type']> = {
  String: 'string',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  Short: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  Double: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Blob: 'blob',
  Document: 'document',
}

const unitShape: StructureShape = { type: 'structure', members: {} }

/** The shape a member targets; prelude names resolve even when the model omits them. */
export const shapeOf = (shapes: Record<string, Shape>, name: string): Shape => {
  const shape = Object.hasOwn(shapes, name) ? shapes[name] : undefined
  if (shape) return shape
  const prelude = name.startsWith('smithy.api#') ? preludeTypes[name.slice(11)] : undefined
  if (prelude) return { type: prelude } as Shape
  return unitShape
}

export const structureOf = (
  shapes: Record<string, Shape>,
  name: string | undefined,
): StructureShape => {
  if (!name) return unitShape
  const shape = shapeOf(shapes, name)
  return shape.type === 'structure' ? shape : unitShape
}

// ---------------------------------------------------------------------------------------------
// Scalars as text (headers, query, labels, XML, awsQuery): one place for the wire forms.

const isNumberType = (type: Shape['type']): boolean =>
  type === 'byte' ||
  type === 'short' ||
  type === 'integer' ||
  type === 'long' ||
  type === 'float' ||
  type === 'double' ||
  type === 'bigInteger' ||
  type === 'bigDecimal' ||
  type === 'intEnum'

/** Text → typed value for a scalar shape; undecodable text stays a string for validation to reject. */
export const scalarFromText = (
  text: string,
  shape: Shape,
  defaultFormat: TimestampFormat,
): unknown => {
  if (isNumberType(shape.type)) {
    const n = Number(text)
    if (text.trim() === '' || Number.isNaN(n)) {
      if (text === 'NaN') return Number.NaN
      return text
    }
    return n
  }
  switch (shape.type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
    case 'timestamp':
      return parseTimestamp(text.trim(), shape.format ?? defaultFormat) ?? text
    case 'blob':
      return Buffer.from(text, 'base64')
    default:
      return text
  }
}

const formatNumber = (n: number): string => {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Number.POSITIVE_INFINITY) return 'Infinity'
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity'
  return String(n)
}

export const formatTimestamp = (value: unknown, format: TimestampFormat): string | undefined => {
  const date = asDate(value)
  if (!date) return typeof value === 'string' ? value : undefined
  if (format === 'http-date') return toHttpDate(date)
  if (format === 'epoch-seconds') return String(toEpochSeconds(date))
  return toDateTime(date)
}

const toBase64 = (value: unknown): string =>
  typeof value === 'string'
    ? Buffer.from(value).toString('base64')
    : value instanceof Uint8Array
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
      : ''

/** Typed value → text for a scalar shape (undefined when the value cannot be written). */
export const scalarToText = (
  value: unknown,
  shape: Shape,
  defaultFormat: TimestampFormat,
): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (shape.type === 'timestamp') return formatTimestamp(value, shape.format ?? defaultFormat)
  if (shape.type === 'blob') return toBase64(value)
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return value
  return undefined
}

// ---------------------------------------------------------------------------------------------
// URI templates and the operation router.

type Segment = { kind: 'literal'; text: string } | { kind: 'label'; name: string; greedy: boolean }

export interface UriTemplate {
  segments: Segment[]
  /** `?uploads` → ['uploads', undefined]; `?list-type=2` → ['list-type', '2']. */
  queryLiterals: Array<[string, string | undefined]>
}

export const compileUriTemplate = (uri: string): UriTemplate => {
  const q = uri.indexOf('?')
  const path = q === -1 ? uri : uri.slice(0, q)
  const query = q === -1 ? '' : uri.slice(q + 1)
  const segments: Segment[] = path
    .slice(1)
    .split('/')
    .map((part) => {
      const m = /^\{([^}]+?)(\+)?\}$/.exec(part)
      return m
        ? { kind: 'label', name: m[1]!, greedy: m[2] === '+' }
        : { kind: 'literal', text: part }
    })
  const queryLiterals: Array<[string, string | undefined]> = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=')
      return eq === -1 ? [p, undefined] : [p.slice(0, eq), p.slice(eq + 1)]
    })
  return { segments, queryLiterals }
}

interface Route {
  op: OperationModel
  method: string
  template: UriTemplate
  /** Query keys and header names (lower-case) the operation requires: they tell apart ops on one path. */
  requiredQuery: string[]
  requiredHeaders: string[]
  literalSegments: number
}

export interface RouteMatch {
  op: OperationModel
  /** Percent-decoded label values by label name. */
  labels: Record<string, string>
}

export interface RouterOptions {
  /**
   * Template query literals clients may leave out (S3's `x-id=GetObject`: the SDKs send it, other
   * clients do not). When present they must still match.
   */
  optionalQueryKeys?: readonly string[]
}

const routeCache = new WeakMap<ServiceModel, Route[]>()
const templateCache = new WeakMap<OperationModel, UriTemplate>()

const templateOf = (op: OperationModel): UriTemplate => {
  let template = templateCache.get(op)
  if (!template) {
    template = compileUriTemplate(op.http?.uri ?? '/')
    templateCache.set(op, template)
  }
  return template
}

const compileRoutes = (service: ServiceModel): Route[] => {
  const cached = routeCache.get(service)
  if (cached) return cached
  const routes: Route[] = []
  for (const op of Object.values(service.operations)) {
    if (!op.http) continue
    const template = templateOf(op)
    const input = structureOf(service.shapes, op.input)
    const requiredQuery: string[] = []
    const requiredHeaders: string[] = []
    for (const [name, m] of Object.entries(input.members)) {
      if (!m.required) continue
      if (m.location === 'query') requiredQuery.push(m.locationName ?? name)
      if (m.location === 'header') requiredHeaders.push((m.locationName ?? name).toLowerCase())
    }
    const literalSegments = template.segments.filter((s) => s.kind === 'literal').length
    routes.push({
      op,
      method: op.http.method.toUpperCase(),
      template,
      requiredQuery,
      requiredHeaders,
      literalSegments,
    })
  }
  routeCache.set(service, routes)
  return routes
}

const matchPath = (segments: Segment[], parts: string[]): Record<string, string> | undefined => {
  const greedyAt = segments.findIndex((s) => s.kind === 'label' && s.greedy)
  if (greedyAt === -1 ? parts.length !== segments.length : parts.length < segments.length)
    return undefined
  const labels: Record<string, string> = {}
  const tail = segments.length - greedyAt - 1
  for (let i = 0, p = 0; i < segments.length; i++, p++) {
    const seg = segments[i]!
    if (seg.kind === 'literal') {
      if (parts[p] !== seg.text) return undefined
      continue
    }
    if (seg.greedy) {
      const end = parts.length - tail
      const value = parts.slice(p, end).join('/')
      if (value === '') return undefined
      labels[seg.name] = decodeUriOrKeep(value)
      p = end - 1
      continue
    }
    const part = parts[p]!
    if (part === '') return undefined
    labels[seg.name] = decodeUriOrKeep(part)
  }
  return labels
}

const splitPath = (path: string): string[] =>
  (path.startsWith('/') ? path.slice(1) : path).split('/')

const matchSegments = (segments: Segment[], path: string): Record<string, string> | undefined => {
  const parts = splitPath(path)
  const labels = matchPath(segments, parts)
  if (labels || parts.length < 2 || parts.at(-1) !== '') return labels
  // A trailing slash is tolerated (`/bucket/` for `/{Bucket}`): clients and proxies add it.
  return matchPath(segments, parts.slice(0, -1))
}

/** The label values of a request path for an operation already chosen (undefined: no match). */
export const matchLabels = (op: OperationModel, path: string): Record<string, string> | undefined =>
  matchSegments(templateOf(op).segments, path)

/**
 * Picks the operation for a request, most specific first: the one whose required query keys,
 * required headers and literal segments match the most. S3 serves a dozen operations on
 * `PUT /{Bucket}/{Key+}` that differ only in `?uploadId&partNumber` or `x-amz-copy-source`. Unknown
 * extra query parameters are ignored (S3 does so too). When no route's requirements are met in
 * full, the best path/literal match still wins so that validation can name the missing member.
 */
export const routeRequest = (
  service: ServiceModel,
  req: Pick<WireRequest, 'method' | 'path' | 'rawQuery' | 'headers'>,
  options: RouterOptions = {},
): RouteMatch | undefined => {
  const method = req.method.toUpperCase()
  const query = new URLSearchParams(req.rawQuery)
  let best: { match: RouteMatch; complete: boolean; score: number } | undefined
  for (const route of compileRoutes(service)) {
    if (route.method !== method) continue
    let literalScore = 0
    let literalsOk = true
    for (const [key, value] of route.template.queryLiterals) {
      const present = query.has(key)
      if (!present && options.optionalQueryKeys?.includes(key)) continue
      if (!present || (value !== undefined && query.get(key) !== value)) {
        literalsOk = false
        break
      }
      literalScore++
    }
    if (!literalsOk) continue
    const labels = matchSegments(route.template.segments, req.path)
    if (!labels) continue
    const missing =
      route.requiredQuery.filter((k) => !query.has(k)).length +
      route.requiredHeaders.filter((h) => req.headers[h] === undefined).length
    const complete = missing === 0
    const constraints = route.requiredQuery.length + route.requiredHeaders.length
    // Literal query keys dominate, then satisfied requirements, then literal path segments.
    const score = literalScore * 10_000 + (complete ? constraints : 0) * 100 + route.literalSegments
    const better =
      !best || (complete && !best.complete) || (complete === best.complete && score > best.score)
    if (better) best = { match: { op: route.op, labels }, complete, score }
  }
  return best?.match
}

// ---------------------------------------------------------------------------------------------
// Body documents: the protocol's codec.

export interface BodyCodec {
  /** Response Content-Type for documents. */
  contentType: string
  /** Decodes a document whose top level is `shapeName`; throws the protocol's malformed-body AwsError. */
  readDocument(body: Buffer, shapeName: string, service: ServiceModel): unknown
  /** Encodes `value` as a document of `shapeName`, rooted at `rootName` where the format has roots. */
  writeDocument(value: unknown, shapeName: string, rootName: string, service: ServiceModel): string
}

export const readStream = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

/** Splits a list header: commas separate items except inside double quotes (RFC 7230 §7). */
const splitHeaderList = (text: string, itemIsDate: boolean): string[] => {
  if (itemIsDate) {
    // http-dates contain a comma of their own: `Mon, 01 Jan 2024 00:00:00 GMT, Tue, ...`.
    return text.match(/[A-Za-z]{3}, [^,]+/g) ?? []
  }
  const items: string[] = []
  let current = ''
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      items.push(current.trim())
      current = ''
      continue
    }
    current += ch
  }
  items.push(current.trim())
  return items.map((s) =>
    s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\"/g, '"') : s,
  )
}

const isJsonMediaType = (shape: Shape): boolean =>
  shape.type === 'string' && shape.mediaType !== undefined && /json/i.test(shape.mediaType)

const headerValue = (text: string, shape: Shape, shapes: Record<string, Shape>): unknown => {
  if (shape.type === 'list') {
    const item = shapeOf(shapes, shape.member.target)
    const isDate = item.type === 'timestamp' && (item.format ?? 'http-date') === 'http-date'
    return splitHeaderList(text, isDate).map((s) => headerValue(s, item, shapes))
  }
  // `@mediaType("application/json")` strings travel base64-encoded in headers (Smithy spec).
  if (isJsonMediaType(shape)) return Buffer.from(text, 'base64').toString('utf8')
  return scalarFromText(text, shape, 'http-date')
}

/** Decodes a rest request into the operation's input (wire member names, no validation). */
export const parseHttpRequest = async (
  req: WireRequest,
  op: OperationModel,
  service: ServiceModel,
  labels: Record<string, string>,
  codec: BodyCodec,
): Promise<Record<string, unknown>> => {
  const { shapes } = service
  const input: Record<string, unknown> = {}
  const members = structureOf(shapes, op.input).members
  const query = new URLSearchParams(req.rawQuery)
  const boundQuery = new Set<string>(templateOf(op).queryLiterals.map(([k]) => k))
  let queryParams: [string, Member] | undefined
  let payload: [string, Member] | undefined
  const bodyMembers: string[] = []
  for (const [name, m] of Object.entries(members)) {
    const shape = shapeOf(shapes, m.target)
    const key = m.locationName ?? name
    switch (m.location) {
      case 'label': {
        const text = labels[key]
        if (text !== undefined) input[name] = scalarFromText(text, shape, 'date-time')
        break
      }
      case 'query': {
        boundQuery.add(key)
        if (!query.has(key)) break
        if (shape.type === 'list') {
          const item = shapeOf(shapes, shape.member.target)
          input[name] = query.getAll(key).map((v) => scalarFromText(v, item, 'date-time'))
        } else input[name] = scalarFromText(query.get(key)!, shape, 'date-time')
        break
      }
      case 'header': {
        const text = req.headers[key.toLowerCase()]
        if (text !== undefined) input[name] = headerValue(text, shape, shapes)
        break
      }
      case 'prefixHeaders': {
        const prefix = key.toLowerCase()
        const map: Record<string, string> = {}
        let found = false
        for (const [h, v] of Object.entries(req.headers)) {
          if (h.startsWith(prefix)) {
            map[h.slice(prefix.length)] = v
            found = true
          }
        }
        if (found) input[name] = map
        break
      }
      case 'queryParams':
        queryParams = [name, m]
        break
      case 'payload':
        payload = [name, m]
        break
      case 'statusCode':
      case 'hostLabel':
        break
      default:
        bodyMembers.push(name)
    }
  }
  if (queryParams) {
    const shape = shapeOf(shapes, queryParams[1].target)
    const isListValued = shape.type === 'map' && shapeOf(shapes, shape.value.target).type === 'list'
    const map: Record<string, unknown> = {}
    for (const key of new Set(query.keys())) {
      if (boundQuery.has(key)) continue
      map[key] = isListValued ? query.getAll(key) : query.get(key)
    }
    if (Object.keys(map).length > 0) input[queryParams[0]] = map
  }
  if (payload) {
    const [name, m] = payload
    const shape = shapeOf(shapes, m.target)
    if (shape.type === 'blob' && shape.streaming) {
      // Handlers always get a stream for streaming payloads, however the transport delivered it.
      input[name] = Buffer.isBuffer(req.body) ? Readable.from([req.body]) : req.body
      return input
    }
    const body = Buffer.isBuffer(req.body) ? req.body : await readStream(req.body)
    if (body.length === 0) return input
    if (shape.type === 'blob') input[name] = body
    else if (shape.type === 'string') input[name] = body.toString('utf8')
    else input[name] = codec.readDocument(body, m.target, service)
    return input
  }
  if (bodyMembers.length > 0 && op.input) {
    const body = Buffer.isBuffer(req.body) ? req.body : await readStream(req.body)
    if (body.length === 0) return input
    const doc = codec.readDocument(body, op.input, service)
    if (doc && typeof doc === 'object') {
      const record = doc as Record<string, unknown>
      for (const name of bodyMembers) if (Object.hasOwn(record, name)) input[name] = record[name]
    }
  }
  return input
}

const headerText = (
  value: unknown,
  shape: Shape,
  shapes: Record<string, Shape>,
): string | undefined => {
  if (shape.type === 'list') {
    if (!Array.isArray(value)) return undefined
    const item = shapeOf(shapes, shape.member.target)
    const quote = item.type === 'string'
    return value
      .map((v) => headerText(v, item, shapes))
      .filter((s): s is string => s !== undefined)
      .map((s) => (quote && /[",]/.test(s) ? `"${s.replace(/"/g, '\\"')}"` : s))
      .join(', ')
  }
  if (isJsonMediaType(shape) && typeof value === 'string')
    return Buffer.from(value).toString('base64')
  return scalarToText(value, shape, 'http-date')
}

export interface HttpResponseParts {
  status: number
  headers: Record<string, string>
  /** The payload member's value, or the members that go into the body document. */
  body?: Buffer | string | Readable
}

/** Name of the root element of a structure document (restXml): `@xmlName`, else the shape name. */
export const rootNameOf = (
  shapes: Record<string, Shape>,
  shapeName: string,
  member?: Member,
): string => member?.xmlName ?? shapeOf(shapes, shapeName).xmlName ?? shapeName

const isBinary = (v: unknown): v is Uint8Array | Readable | string =>
  v instanceof Uint8Array || v instanceof Readable || typeof v === 'string'

/** Encodes an operation's output: status, headers, payload or body document. */
export const serializeHttpResponse = (
  output: Record<string, unknown>,
  op: OperationModel,
  service: ServiceModel,
  codec: BodyCodec,
): WireResponse => {
  const { shapes } = service
  let status = op.http?.code ?? 200
  const headers: Record<string, string> = {}
  const members = structureOf(shapes, op.output).members
  const bodyValues: Record<string, unknown> = {}
  let hasBodyMembers = false
  let body: WireResponse['body']
  for (const [name, m] of Object.entries(members)) {
    const value = output[name]
    const shape = shapeOf(shapes, m.target)
    switch (m.location) {
      case 'statusCode':
        if (typeof value === 'number') status = value
        break
      case 'header': {
        const text =
          value === undefined || value === null ? undefined : headerText(value, shape, shapes)
        if (text !== undefined) headers[(m.locationName ?? name).toLowerCase()] = text
        break
      }
      case 'prefixHeaders':
        if (value && typeof value === 'object') {
          const prefix = (m.locationName ?? name).toLowerCase()
          for (const [k, v] of Object.entries(value))
            if (typeof v === 'string') headers[prefix + k.toLowerCase()] = v
        }
        break
      case 'payload':
        if (value === undefined || value === null) break
        if (shape.type === 'blob' || shape.type === 'string') {
          if (isBinary(value))
            body =
              value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value
          headers['content-type'] ??=
            shape.type === 'blob' ? 'application/octet-stream' : 'text/plain'
        } else {
          body = codec.writeDocument(value, m.target, rootNameOf(shapes, m.target, m), service)
          headers['content-type'] ??= codec.contentType
        }
        break
      default:
        // Request-only bindings (httpQuery, httpLabel) mean nothing on an output, so Smithy puts
        // those members in the body: API Gateway's paginated `position`.
        hasBodyMembers = true
        if (value !== undefined) bodyValues[name] = value
    }
  }
  if (hasBodyMembers && op.output) {
    body = codec.writeDocument(bodyValues, op.output, rootNameOf(shapes, op.output), service)
    headers['content-type'] ??= codec.contentType
  }
  return body === undefined ? { status, headers } : { status, headers, body }
}

/** Per-service departures from the generic rest protocols, kept out of the protocol code. */
export interface RestQuirks {
  /** Rewrites a request before routing and parsing (S3 virtual-host addressing → path style). */
  rewriteRequest?(req: WireRequest): WireRequest
  router?: RouterOptions
  /** Edits a handler's output before encoding (S3 `encoding-type=url` listings). */
  prepareOutput?(output: Record<string, unknown>, op: OperationModel): Record<string, unknown>
  /** Encodes an output the model's traits cannot describe (S3 GetBucketLocation); undefined: generic. */
  serializeOutput?(
    output: Record<string, unknown>,
    op: OperationModel,
    ctx: EncodeContext,
  ): WireResponse | undefined
  /** Headers on every response, errors included (S3 `x-amz-request-id`, `x-amz-id-2`). */
  responseHeaders?(ctx: EncodeContext): Record<string, string>
  /** The service's own answer to a request no operation matches. */
  unknownOperation?(req: WireRequest, service: ServiceModel): AwsError
}
