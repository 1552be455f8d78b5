/**
 * Smithy restXml (S3): HTTP bindings from http-bindings.ts with XML body documents. Errors are
 * S3's unwrapped `<Error>` (the service's `noErrorWrapping`), read by the SDKs from `Error.Code`.
 */
import { AwsError } from '../server/errors.js'
import {
  type BodyCodec,
  matchLabels,
  parseHttpRequest,
  type RestQuirks,
  routeRequest,
  serializeHttpResponse,
  shapeOf,
} from './http-bindings.js'
import type { ServiceModel } from './model.js'
import type { Protocol, WireResponse } from './protocol.js'
import { decodeS3Body, s3Quirks, s3Status } from './quirks/s3.js'
import {
  escapeXml,
  parseXmlTree,
  readXmlStructure,
  rootOf,
  writeXmlElement,
  xmlDeclaration,
} from './xml.js'

const quirksByService: Record<string, RestQuirks> = { s3: s3Quirks }

/** Bodies from this many UTF-16 units on are sent as bytes (see serialize). */
const LARGE_BODY = 4096

const quirksOf = (service: ServiceModel): RestQuirks =>
  Object.hasOwn(quirksByService, service.id) ? quirksByService[service.id]! : {}

/** S3's wording for a body that is not XML or not the expected document. */
export const malformedXml = (): AwsError =>
  new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  )

export const xmlCodec: BodyCodec = {
  contentType: 'application/xml',
  readDocument(body, shapeName, service) {
    const tree = parseXmlTree(body.toString('utf8'))
    const root = tree && rootOf(tree)
    if (!root) throw malformedXml()
    const shape = shapeOf(service.shapes, shapeName)
    if (shape.type !== 'structure' && shape.type !== 'union') throw malformedXml()
    // The root's name is not checked: S3 accepts any root for a payload, and so do the SDK tests.
    return readXmlStructure(root[1], shape.members, service.shapes)
  },
  writeDocument(value, shapeName, rootName, service) {
    const ns = service.xmlNamespace ? ` xmlns="${escapeXml(service.xmlNamespace)}"` : ''
    const xml = writeXmlElement(
      rootName,
      shapeName,
      value,
      { shapes: service.shapes, dateTime: 'milliseconds' },
      undefined,
      ns,
    )
    return `${xmlDeclaration}\n${xml || `<${rootName}${ns}></${rootName}>`}`
  },
}

const isXmlName = (name: string): boolean => /^[A-Za-z_][\w.-]*$/.test(name)

/** Extra error members: model-typed when the error shape declares them, plain text otherwise. */
const errorFields = (err: AwsError, service: ServiceModel): string => {
  const shape = shapeOf(service.shapes, err.code)
  const members = shape.type === 'structure' ? shape.members : {}
  let out = ''
  for (const [name, value] of Object.entries(err.fields)) {
    if (!isXmlName(name) || value === undefined || value === null) continue
    const m = Object.hasOwn(members, name) ? members[name] : undefined
    if (m)
      out += writeXmlElement(
        m.xmlName ?? name,
        m.target,
        value,
        { shapes: service.shapes, dateTime: 'milliseconds' },
        m,
      )
    else if (value instanceof Date) out += `<${name}>${value.toISOString()}</${name}>`
    else if (typeof value !== 'object') out += `<${name}>${escapeXml(String(value))}</${name}>`
  }
  return out
}

export const restXml: Protocol = {
  resolveOperation(req, service) {
    const quirks = quirksOf(service)
    const wire = quirks.rewriteRequest?.(req) ?? req
    return routeRequest(service, wire, quirks.router)?.op
  },

  async parse(req, op, service) {
    const quirks = quirksOf(service)
    const rewritten = quirks.rewriteRequest?.(req) ?? req
    const wire = (service.id === 's3' && decodeS3Body(rewritten)) || rewritten
    const labels = matchLabels(op, wire.path) ?? {}
    return parseHttpRequest(wire, op, service, labels, xmlCodec)
  },

  serialize(output, op, ctx) {
    const quirks = quirksOf(ctx.service)
    const prepared = quirks.prepareOutput?.(output, op) ?? output
    const res =
      quirks.serializeOutput?.(prepared, op, ctx) ??
      serializeHttpResponse(prepared, op, ctx.service, xmlCodec)
    const status = ctx.service.id === 's3' ? s3Status(prepared, op, res.status) : res.status
    const headers = { ...quirks.responseHeaders?.(ctx), ...res.headers }
    // A large document (a listing) is built by concatenation: encoded here in one pass, its length
    // is known and the socket write copies bytes, where measuring and then writing the string
    // flattened and encoded it twice.
    if (typeof res.body === 'string' && res.body.length >= LARGE_BODY) {
      const body = Buffer.from(res.body)
      return {
        ...res,
        status,
        headers: { ...headers, 'content-length': String(body.length) },
        body,
      }
    }
    return { ...res, status, headers }
  },

  serializeError(err, ctx, op) {
    const headers: Record<string, string> = {
      ...quirksOf(ctx.service).responseHeaders?.(ctx),
      ...err.headers,
    }
    // HEAD responses carry no body, so S3 errors there are status and headers only.
    if (op?.http?.method.toUpperCase() === 'HEAD') return { status: err.status, headers }
    const requestId = headers['x-amz-request-id'] ?? ctx.requestId
    const hostId = headers['x-amz-id-2']
    const body =
      `${xmlDeclaration}\n<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
      errorFields(err, ctx.service) +
      `<RequestId>${escapeXml(requestId)}</RequestId>` +
      (hostId ? `<HostId>${escapeXml(hostId)}</HostId>` : '') +
      '</Error>'
    const res: WireResponse = {
      status: err.status,
      headers: { ...headers, 'content-type': 'application/xml' },
      body,
    }
    return res
  },

  unknownOperation(req, service) {
    const quirks = quirksOf(service)
    if (quirks.unknownOperation) return quirks.unknownOperation(req, service)
    return new AwsError('UnknownOperationException', 'Unknown operation', 404)
  },
}
