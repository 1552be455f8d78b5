/**
 * awsJson1.0 / awsJson1.1: POST /, operation in `X-Amz-Target: <targetPrefix>.<Operation>`,
 * JSON bodies with PascalCase member names, blobs as base64, timestamps as epoch seconds.
 * The wire form of everything shape-related lives in shape-walker.ts; cbor.ts reuses this file's
 * request/response plumbing with a different ValueFormat and body codec.
 */

import { AwsError } from '../server/errors.js'
import { isAwsJsonContentType } from './content-types.js'
import { eventStreamMemberOf, eventStreamResponse } from './event-stream.js'
import type { OperationModel, ServiceModel } from './model.js'
import type { EncodeContext, Protocol, WireRequest, WireResponse } from './protocol.js'
import {
  conversionError,
  decodeValue,
  encodeValue,
  serializationException,
  type ValueFormat,
} from './shape-walker.js'
import { fromEpochSeconds, toEpochSeconds } from './timestamps.js'

const BASE64_INDEX = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) {
  BASE64_INDEX['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i
}

/**
 * The common case of readBase64 without a regex or a re-encode (every PutRecords record passes
 * here): Node's decoder skips characters outside the alphabet, so a decoded length short of the
 * one the padding promises means the string needs the full check; it also takes the URL-safe
 * alphabet, which Coral does not, and the last character before padding must carry no stray bits.
 */
const decodeCanonicalBase64 = (value: string): Buffer | undefined => {
  const n = value.length
  if (n % 4 !== 0 || value.indexOf('-') !== -1 || value.indexOf('_') !== -1) return undefined
  const pads =
    n === 0 ? 0 : value.charCodeAt(n - 1) !== 61 ? 0 : value.charCodeAt(n - 2) === 61 ? 2 : 1
  const bytes = Buffer.from(value, 'base64')
  if (bytes.length !== (n / 4) * 3 - pads) return undefined
  if (pads > 0) {
    const last = BASE64_INDEX[value.charCodeAt(n - 1 - pads)] ?? -1
    if (last < 0 || (last & (pads === 1 ? 3 : 15)) !== 0) return undefined
  }
  return bytes
}

/** Base64 as Coral checks it; the messages (typo included) are AWS's, as recorded by kinesalite. */
const readBase64 = (value: unknown): Buffer => {
  if (typeof value !== 'string') throw conversionError(value, 'a Blob')
  const fast = decodeCanonicalBase64(value)
  if (fast) return fast
  const fail = (reason: string): AwsError =>
    serializationException(`'${value}' can not be converted to a Blob: ${reason}`)
  if (value.length % 4)
    throw fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`)
  const bad = /[^a-zA-Z0-9+/=]|=[^=]/.exec(value)
  if (bad) throw fail(`Invalid Base64 character: '${bad[0][0]}'`)
  const bytes = Buffer.from(value, 'base64')
  // Non-canonical trailing bits (e.g. `AB==`) do not round-trip; Coral rejects them.
  if (bytes.toString('base64') !== value)
    throw fail('Invalid last non-pad Base64 character dectected')
  return bytes
}

export const jsonValueFormat: ValueFormat = {
  readBlob: readBase64,
  readTimestamp: (value) => {
    // Coral reads JSON timestamps as epoch seconds only; strings are conversion errors.
    if (typeof value !== 'number') throw conversionError(value, 'milliseconds since epoch')
    return fromEpochSeconds(value)
  },
  writeBlob: (bytes) => bytes.toString('base64'),
  writeTimestamp: toEpochSeconds,
}

/** The operation named by `X-Amz-Target`, when its prefix is this service's. */
export const resolveTargetOperation = (
  req: WireRequest,
  service: ServiceModel,
): OperationModel | undefined => {
  const target = req.headers['x-amz-target'] ?? ''
  const dot = target.lastIndexOf('.')
  if (dot < 0 || target.slice(0, dot) !== service.targetPrefix) return undefined
  const name = target.slice(dot + 1)
  return Object.hasOwn(service.operations, name) ? service.operations[name] : undefined
}

/** A body as bytes; awsJson bodies are never streamed, so a stream here is a routing bug. */
export const bodyBytes = (req: WireRequest): Buffer => {
  if (!Buffer.isBuffer(req.body)) throw new Error('awsJson request bodies must be buffered')
  return req.body
}

/** The decoded input for `op` from a parsed document (any top-level form the wire allowed). */
export const decodeInput = (
  doc: unknown,
  op: OperationModel,
  service: ServiceModel,
  format: ValueFormat,
): Record<string, unknown> => {
  if (Array.isArray(doc)) throw serializationException('Start of list found where not expected')
  // A top-level scalar or null is a SerializationException without a message, as AWS answers.
  if (typeof doc !== 'object' || doc === null) throw serializationException()
  if (!op.input) return {}
  return decodeValue(service, op.input, doc, format) as Record<string, unknown>
}

/** The error document every awsJson flavour sends: `__type`, `message`, then modeled fields. */
export const errorDocument = (err: AwsError): Record<string, unknown> => {
  const doc: Record<string, unknown> = { __type: err.code }
  // AWS sends a bare `{"__type":"SerializationException"}` for unreadable bodies: no message key.
  if (err.message) doc.message = err.message
  for (const [key, value] of Object.entries(err.fields)) {
    if (value !== undefined && key !== '__type' && key !== 'message') doc[key] = value
  }
  return doc
}

/**
 * Headers of every awsJson response. `x-amzn-ErrorType` carries the bare code: the SDKs strip
 * anything after `:` (AWS appends `:http://internal.amazon.com/coral/...` on some services), and
 * read `__type` first anyway.
 */
export const responseHeaders = (
  contentType: string,
  requestId: string,
  errorCode?: string,
): Record<string, string> => {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-amzn-requestid': requestId,
  }
  if (errorCode) headers['x-amzn-errortype'] = errorCode
  return headers
}

/** AWS answers an unknown target with a bare UnknownOperationException (no message). */
export const unknownOperationError = (): AwsError =>
  new AwsError('UnknownOperationException', '', 400)

export type AwsJsonVersion = '1.0' | '1.1'

/** The awsJson1.0 or awsJson1.1 protocol; they differ only in the Content-Type. */
export const createAwsJsonProtocol = (version: AwsJsonVersion): Protocol => {
  const contentType = `application/x-amz-json-${version}`
  return {
    resolveOperation: resolveTargetOperation,

    parse(req, op, service) {
      // AWS answers a JSON-protocol request of another content type as an unknown operation
      // (404, per kinesalite's recordings).
      if (!isAwsJsonContentType(req.headers['content-type'])) {
        throw new AwsError('UnknownOperationException', '', 404)
      }
      const body = bodyBytes(req)
      // AWS (per kinesalite's recordings) refuses an empty body; every SDK sends at least {}.
      if (body.length === 0) throw serializationException()
      let doc: unknown
      try {
        doc = JSON.parse(body.toString('utf8'))
      } catch {
        throw serializationException()
      }
      return decodeInput(doc, op, service, jsonValueFormat)
    },

    serialize(output, op, ctx: EncodeContext): WireResponse {
      const headers = responseHeaders(contentType, ctx.requestId)
      // Operations without output answer an empty body, as Kinesis does.
      if (!op.output) return { status: 200, headers, body: '' }
      const stream = eventStreamMemberOf(ctx.service, op.output)
      if (stream) {
        const encode = (shape: string, v: unknown) =>
          Buffer.from(JSON.stringify(encodeValue(ctx.service, shape, v, jsonValueFormat) ?? {}))
        return eventStreamResponse(
          ctx.service,
          op.output,
          output,
          stream,
          { contentType, encode },
          ctx.requestId,
        )
      }
      const body = JSON.stringify(
        encodeValue(ctx.service, op.output, output, jsonValueFormat) ?? {},
      )
      // Set here, with the headers built anyway: the writer would otherwise copy them to add it.
      headers['content-length'] = String(Buffer.byteLength(body))
      return { status: 200, headers, body }
    },

    serializeError(err, ctx) {
      const headers = { ...err.headers, ...responseHeaders(contentType, ctx.requestId, err.code) }
      return { status: err.status, headers, body: JSON.stringify(errorDocument(err)) }
    },

    unknownOperation: unknownOperationError,
  }
}

export const awsJson10 = createAwsJsonProtocol('1.0')
export const awsJson11 = createAwsJsonProtocol('1.1')
