/**
 * Smithy restJson1 (API Gateway's control plane): HTTP bindings from http-bindings.ts with JSON
 * body documents (`@jsonName`, epoch-second timestamps, base64 blobs). Errors are
 * `{"message": ...}` with the code in `x-amzn-ErrorType`, where the SDKs look first.
 */
import { AwsError } from '../server/errors.js'
import {
  type BodyCodec,
  matchLabels,
  parseHttpRequest,
  routeRequest,
  serializeHttpResponse,
  shapeOf,
} from './http-bindings.js'
import type { Member, Shape } from './model.js'
import type { Protocol } from './protocol.js'
import { asDate, parseTimestamp, toDateTime, toEpochSeconds, toHttpDate } from './timestamps.js'

/**
 * A body that is not JSON. API Gateway's control plane is a Coral service, which answers
 * SerializationException (400) for bodies it cannot deserialize.
 */
export const malformedJson = (): AwsError =>
  new AwsError('SerializationException', 'Unable to parse request body as JSON', 400)

const floatTypes = new Set(['float', 'double', 'bigDecimal'])

/** JSON value → typed value per the model; mismatched types stay as they are for validation. */
export const readJsonValue = (
  value: unknown,
  target: string,
  shapes: Record<string, Shape>,
): unknown => {
  if (value === null || value === undefined) return value
  const shape = shapeOf(shapes, target)
  switch (shape.type) {
    case 'structure':
    case 'union':
      return value && typeof value === 'object' && !Array.isArray(value)
        ? readJsonStructure(value as Record<string, unknown>, shape.members, shapes)
        : value
    case 'list':
      return Array.isArray(value)
        ? value.map((v) => readJsonValue(v, shape.member.target, shapes))
        : value
    case 'map': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        // defineProperty: a `__proto__` key from the wire must stay data.
        Object.defineProperty(out, k, {
          value: readJsonValue(v, shape.value.target, shapes),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return out
    }
    case 'timestamp':
      if (typeof value === 'number') return new Date(Math.round(value * 1000))
      if (typeof value === 'string')
        return parseTimestamp(value, shape.format ?? 'date-time') ?? value
      return value
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : value
    default:
      if (
        floatTypes.has(shape.type) &&
        (value === 'NaN' || value === 'Infinity' || value === '-Infinity')
      ) {
        return Number(value)
      }
      return value
  }
}

const readJsonStructure = (
  record: Record<string, unknown>,
  members: Record<string, Member>,
  shapes: Record<string, Shape>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, m] of Object.entries(members)) {
    const key = m.jsonName ?? name
    if (Object.hasOwn(record, key)) out[name] = readJsonValue(record[key], m.target, shapes)
  }
  return out
}

/** Typed value → JSON value per the model (undefined members are left out). */
export const writeJsonValue = (
  value: unknown,
  target: string,
  shapes: Record<string, Shape>,
): unknown => {
  if (value === undefined || value === null) return value
  const shape = shapeOf(shapes, target)
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object') return undefined
      const record = value as Record<string, unknown>
      const out: Record<string, unknown> = {}
      for (const [name, m] of Object.entries(shape.members)) {
        const v = writeJsonValue(record[name], m.target, shapes)
        if (v !== undefined && v !== null) out[m.jsonName ?? name] = v
      }
      return out
    }
    case 'list':
      return Array.isArray(value)
        ? value.map((v) => writeJsonValue(v, shape.member.target, shapes))
        : undefined
    case 'map': {
      if (typeof value !== 'object') return undefined
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value))
        out[k] = writeJsonValue(v, shape.value.target, shapes)
      return out
    }
    case 'timestamp': {
      const date = asDate(value)
      if (!date) return undefined
      const format = shape.format ?? 'epoch-seconds'
      return format === 'epoch-seconds'
        ? toEpochSeconds(date)
        : format === 'http-date'
          ? toHttpDate(date)
          : toDateTime(date)
    }
    case 'blob':
      if (typeof value === 'string') return Buffer.from(value).toString('base64')
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : undefined
    default:
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
      if (typeof value === 'bigint') return Number(value)
      return value
  }
}

export const jsonCodec: BodyCodec = {
  contentType: 'application/json',
  readDocument(body, shapeName, service) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      throw malformedJson()
    }
    const shape = shapeOf(service.shapes, shapeName)
    if (
      (shape.type === 'structure' || shape.type === 'union') &&
      (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    ) {
      throw malformedJson()
    }
    return readJsonValue(parsed, shapeName, service.shapes)
  },
  writeDocument(value, shapeName, _rootName, service) {
    return JSON.stringify(writeJsonValue(value, shapeName, service.shapes) ?? {})
  },
}

export const restJson1: Protocol = {
  resolveOperation(req, service) {
    return routeRequest(service, req)?.op
  },

  async parse(req, op, service) {
    return parseHttpRequest(req, op, service, matchLabels(op, req.path) ?? {}, jsonCodec)
  },

  serialize(output, op, ctx) {
    const res = serializeHttpResponse(output, op, ctx.service, jsonCodec)
    return { ...res, headers: { 'x-amzn-requestid': ctx.requestId, ...res.headers } }
  },

  serializeError(err, ctx) {
    const shape = shapeOf(ctx.service.shapes, err.code)
    // Modeled members are written per the error shape (jsonName, timestamps); `message` always.
    const fields =
      shape.type === 'structure'
        ? writeJsonValue(err.fields, err.code, ctx.service.shapes)
        : err.fields
    const body = JSON.stringify({ ...(fields as Record<string, unknown>), message: err.message })
    return {
      status: err.status,
      headers: {
        ...err.headers,
        'x-amzn-requestid': ctx.requestId,
        'x-amzn-errortype': err.code,
        'content-type': 'application/json',
      },
      body,
    }
  },

  unknownOperation() {
    return new AwsError('UnknownOperationException', 'Unknown operation', 404)
  },
}
