/**
 * awsJson1.1 carried as CBOR (`application/x-amz-cbor-1.1`): what the AWS Java SDKs and the KCL
 * speak to Kinesis by default. Same target header, same documents; blobs are CBOR byte strings
 * and timestamps are CBOR tag 1 holding epoch *milliseconds* (the Java SDK's SdkCborGenerator),
 * not the seconds RFC 8949 means by tag 1.
 */
import { Decoder, Encoder, Tag } from 'cbor-x'
import {
  bodyBytes,
  decodeInput,
  errorDocument,
  resolveTargetOperation,
  responseHeaders,
  unknownOperationError,
} from './aws-json.js'
import { CBOR_CONTENT_TYPE } from './content-types.js'
import { eventStreamMemberOf, eventStreamResponse } from './event-stream.js'
import type { Protocol, WireResponse } from './protocol.js'
import {
  conversionError,
  encodeValue,
  serializationException,
  type ValueFormat,
} from './shape-walker.js'

const decoder = new Decoder({ useRecords: false, mapsAsObjects: true })
// Byte strings stay untagged: Java's Jackson CBOR parser does not expect tag 64.
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false })

const epochMsTag = 1

export const cborValueFormat: ValueFormat = {
  readBlob: (value) => {
    if (value instanceof Uint8Array)
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    // Tolerated for clients that send JSON-shaped documents as CBOR.
    if (typeof value === 'string') return Buffer.from(value, 'base64')
    throw conversionError(value, 'a Blob')
  },
  readTimestamp: (value) => {
    // cbor-x turns tag 1 into Date(value * 1000); the Java SDK's value is already milliseconds.
    if (value instanceof Date) return new Date(Math.round(value.getTime() / 1000))
    if (value instanceof Tag && typeof value.value === 'number') return new Date(value.value)
    if (typeof value === 'number') return new Date(value)
    throw conversionError(value, 'milliseconds since epoch')
  },
  writeBlob: (bytes) => bytes,
  writeTimestamp: (date) => new Tag(date.getTime(), epochMsTag),
}

const encode = (doc: unknown): Buffer => encoder.encode(doc)

export const cborProtocol: Protocol = {
  resolveOperation: resolveTargetOperation,

  parse(req, op, service) {
    const body = bodyBytes(req)
    // AWS (per kinesalite's recordings) refuses an empty body; every SDK sends at least {}.
    if (body.length === 0) throw serializationException()
    let doc: unknown
    try {
      doc = decoder.decode(body)
    } catch {
      throw serializationException()
    }
    return decodeInput(doc, op, service, cborValueFormat)
  },

  serialize(output, op, ctx): WireResponse {
    const headers = responseHeaders(CBOR_CONTENT_TYPE, ctx.requestId)
    if (!op.output) return { status: 200, headers, body: '' }
    const stream = eventStreamMemberOf(ctx.service, op.output)
    if (stream) {
      const codec = {
        contentType: CBOR_CONTENT_TYPE,
        encode: (shape: string, v: unknown) =>
          encode(encodeValue(ctx.service, shape, v, cborValueFormat) ?? {}),
      }
      return eventStreamResponse(ctx.service, op.output, output, stream, codec, ctx.requestId)
    }
    const doc = encodeValue(ctx.service, op.output, output, cborValueFormat) ?? {}
    return { status: 200, headers, body: encode(doc) }
  },

  serializeError(err, ctx) {
    const headers = {
      ...err.headers,
      ...responseHeaders(CBOR_CONTENT_TYPE, ctx.requestId, err.code),
    }
    return { status: err.status, headers, body: encode(errorDocument(err)) }
  },

  unknownOperation: unknownOperationError,
}
