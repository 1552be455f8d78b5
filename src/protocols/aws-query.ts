/**
 * awsQuery (IAM, STS): form-encoded `Action`/`Version` requests with flattened keys
 * (`Tags.member.1.Key`, `Attributes.entry.1.key`), XML responses wrapped in
 * `<OpResponse><OpResult>` and errors in `<ErrorResponse><Error>`.
 */
import { AwsError } from '../server/errors.js'
import { scalarFromText, shapeOf, structureOf } from './http-bindings.js'
import type { Member, OperationModel, ServiceModel, Shape } from './model.js'
import type { Protocol, WireRequest } from './protocol.js'
import { escapeXml, structureBody } from './xml.js'

/** AWS's common error for a query string or form body that does not decode. */
export const malformedQueryString = (detail: string): AwsError =>
  new AwsError('MalformedQueryString', `The query string contains a syntax error: ${detail}`, 404)

/** AWS's common error when no `Action` is given. */
export const missingAction = (): AwsError =>
  new AwsError('MissingAction', 'The request is missing an action or a required parameter.', 400)

export const invalidAction = (action: string, version: string): AwsError =>
  new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400)

const decodeComponent = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw malformedQueryString(`invalid percent-encoding in '${text.slice(0, 64)}'`)
  }
}

/** Strict form decoding: URLSearchParams would silently keep a bad `%zz` escape. */
export const decodeForm = (text: string): Map<string, string> => {
  const params = new Map<string, string>()
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    params.set(key, eq === -1 ? '' : decodeComponent(pair.slice(eq + 1)))
  }
  return params
}

const isForm = (req: WireRequest): boolean => {
  const type = req.headers['content-type'] ?? ''
  return type === '' || type.toLowerCase().startsWith('application/x-www-form-urlencoded')
}

/** The request's parameters: the query string, overlaid by a form body (POST, the usual way). */
export const queryParamsOf = (req: WireRequest): Map<string, string> => {
  const params = decodeForm(req.rawQuery)
  if (Buffer.isBuffer(req.body) && req.body.length > 0 && isForm(req)) {
    for (const [k, v] of decodeForm(req.body.toString('utf8'))) params.set(k, v)
  }
  return params
}

// Requests may be parsed twice (resolve, then parse); the decode is cached per request object.
const paramCache = new WeakMap<WireRequest, Map<string, string>>()

const paramsFor = (req: WireRequest): Map<string, string> => {
  let params = paramCache.get(req)
  if (!params) {
    params = queryParamsOf(req)
    paramCache.set(req, params)
  }
  return params
}

/** Indices N that occur as `<prefix>.N` or `<prefix>.N.<rest>`, in numeric order. */
const indicesUnder = (params: Map<string, string>, prefix: string): number[] => {
  const found = new Set<number>()
  const start = `${prefix}.`
  for (const key of params.keys()) {
    if (!key.startsWith(start)) continue
    const m = /^(\d+)(\.|$)/.exec(key.slice(start.length))
    if (m) found.add(Number(m[1]))
  }
  return [...found].sort((a, b) => a - b)
}

const hasUnder = (params: Map<string, string>, prefix: string): boolean => {
  if (params.has(prefix)) return true
  const start = `${prefix}.`
  for (const key of params.keys()) if (key.startsWith(start)) return true
  return false
}

/** Reads the value at `prefix` (undefined when nothing is sent under it). */
const readQueryValue = (
  params: Map<string, string>,
  prefix: string,
  target: string,
  shapes: Record<string, Shape>,
  member?: Member,
): unknown => {
  const shape = shapeOf(shapes, target)
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!hasUnder(params, prefix)) return undefined
      return readQueryStructure(params, `${prefix}.`, shape.members, shapes)
    }
    case 'list': {
      // An empty list is sent as the bare key (`Tags=`).
      if (params.get(prefix) === '') return []
      const base = member?.xmlFlattened ? prefix : `${prefix}.${shape.member.xmlName ?? 'member'}`
      const indices = indicesUnder(params, base)
      if (indices.length === 0) return undefined
      return indices.map((i) =>
        readQueryValue(params, `${base}.${i}`, shape.member.target, shapes, shape.member),
      )
    }
    case 'map': {
      if (params.get(prefix) === '') return {}
      const base = member?.xmlFlattened ? prefix : `${prefix}.entry`
      const indices = indicesUnder(params, base)
      if (indices.length === 0) return undefined
      const map: Record<string, unknown> = {}
      for (const i of indices) {
        const key = params.get(`${base}.${i}.${shape.key.xmlName ?? 'key'}`)
        if (key === undefined) continue
        Object.defineProperty(map, key, {
          value: readQueryValue(
            params,
            `${base}.${i}.${shape.value.xmlName ?? 'value'}`,
            shape.value.target,
            shapes,
          ),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return map
    }
    default: {
      const text = params.get(prefix)
      return text === undefined ? undefined : scalarFromText(text, shape, 'date-time')
    }
  }
}

const readQueryStructure = (
  params: Map<string, string>,
  prefix: string,
  members: Record<string, Member>,
  shapes: Record<string, Shape>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, m] of Object.entries(members)) {
    const value = readQueryValue(params, `${prefix}${m.xmlName ?? name}`, m.target, shapes, m)
    if (value !== undefined) out[name] = value
  }
  return out
}

/** Decodes an operation's input from flattened query parameters. */
export const readQueryInput = (
  params: Map<string, string>,
  op: OperationModel,
  service: ServiceModel,
): Record<string, unknown> =>
  readQueryStructure(params, '', structureOf(service.shapes, op.input).members, service.shapes)

const namespaceOf = (service: ServiceModel): string =>
  service.xmlNamespace ?? `https://${service.endpointPrefix}.amazonaws.com/doc/${service.version}/`

const xmlHeaders = { 'content-type': 'text/xml' }

export const awsQuery: Protocol = {
  resolveOperation(req, service) {
    let action: string | undefined
    try {
      action = paramsFor(req).get('Action')
    } catch {
      // A body that does not decode has no operation; unknownOperation reports why.
      return undefined
    }
    if (!action || !Object.hasOwn(service.operations, action)) return undefined
    return service.operations[action]
  },

  parse(req, op, service) {
    return readQueryInput(paramsFor(req), op, service)
  },

  serialize(output, op, ctx) {
    const ns = escapeXml(namespaceOf(ctx.service))
    const opts = { shapes: ctx.service.shapes, dateTime: 'seconds' as const }
    const result = op.output
      ? `<${op.name}Result>${structureBody(structureOf(ctx.service.shapes, op.output).members, output, opts)}</${op.name}Result>`
      : ''
    const body =
      `<${op.name}Response xmlns="${ns}">${result}` +
      `<ResponseMetadata><RequestId>${escapeXml(ctx.requestId)}</RequestId></ResponseMetadata>` +
      `</${op.name}Response>`
    return { status: 200, headers: { ...xmlHeaders, 'x-amzn-requestid': ctx.requestId }, body }
  },

  serializeError(err, ctx) {
    const ns = escapeXml(namespaceOf(ctx.service))
    const type = err.isClientError ? 'Sender' : 'Receiver'
    const body =
      `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code>` +
      `<Message>${escapeXml(err.message)}</Message></Error>` +
      `<RequestId>${escapeXml(ctx.requestId)}</RequestId></ErrorResponse>`
    return {
      status: err.status,
      headers: { ...err.headers, ...xmlHeaders, 'x-amzn-requestid': ctx.requestId },
      body,
    }
  },

  unknownOperation(req, service) {
    let action: string | undefined
    try {
      action = paramsFor(req).get('Action')
    } catch (e) {
      if (e instanceof AwsError) return e
      throw e
    }
    return action ? invalidAction(action, service.version) : missingAction()
  },
}
