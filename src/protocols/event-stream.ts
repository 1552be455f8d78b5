/**
 * `application/vnd.amazon.eventstream` responses (Kinesis SubscribeToShard): each message is
 * [u32 total length][u32 headers length][u32 crc32(prelude)][headers][payload][u32 crc32(all
 * before)], headers as [u8 name length][name][u8 type 7 = string][u16 value length][value].
 * An RPC (awsJson/CBOR) stream opens with an `initial-response` event carrying the output's
 * other members, as AWS sends it; then one `event` per union value, or an `exception` message.
 */
import { Readable } from 'node:stream'
import { crc32 } from 'node:zlib'
import { AwsError } from '../server/errors.js'
import type { ServiceModel } from './model.js'
import type { WireResponse } from './protocol.js'

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream'

const STRING = 7

/** One binary event-stream message. */
export const encodeMessage = (headers: Record<string, string>, payload: Uint8Array): Buffer => {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8')
    const v = Buffer.from(value, 'utf8')
    const h = Buffer.allocUnsafe(1 + n.length + 1 + 2)
    h.writeUInt8(n.length, 0)
    n.copy(h, 1)
    h.writeUInt8(STRING, 1 + n.length)
    h.writeUInt16BE(v.length, 2 + n.length)
    parts.push(h, v)
  }
  const head = Buffer.concat(parts)
  const total = 12 + head.length + payload.length + 4
  const msg = Buffer.allocUnsafe(total)
  msg.writeUInt32BE(total, 0)
  msg.writeUInt32BE(head.length, 4)
  msg.writeUInt32BE(crc32(msg.subarray(0, 8)), 8)
  head.copy(msg, 12)
  msg.set(payload, 12 + head.length)
  msg.writeUInt32BE(crc32(msg.subarray(0, total - 4)), total - 4)
  return msg
}

/** The output member that is an event stream (a `@streaming` union), if any. */
const memberCache = new WeakMap<ServiceModel, Map<string, EventStreamMember | null>>()

export interface EventStreamMember {
  member: string
  union: string
}

export const eventStreamMemberOf = (
  service: ServiceModel,
  outputShape: string | undefined,
): EventStreamMember | undefined => {
  if (!outputShape) return undefined
  let byShape = memberCache.get(service)
  if (!byShape) {
    byShape = new Map()
    memberCache.set(service, byShape)
  }
  let found = byShape.get(outputShape)
  if (found === undefined) {
    found = null
    const out = service.shapes[outputShape]
    if (out?.type === 'structure') {
      for (const [member, m] of Object.entries(out.members)) {
        const target = service.shapes[m.target]
        if (target?.type === 'union' && target.streaming) found = { member, union: m.target }
      }
    }
    byShape.set(outputShape, found)
  }
  return found ?? undefined
}

export interface EventPayloadCodec {
  contentType: string
  /** Encodes a value of `shape` as a payload document. */
  encode(shape: string, value: unknown): Uint8Array
}

/**
 * The streaming response for an output whose event-stream member holds an AsyncIterable of
 * union values ({ MemberName: value }). An AwsError thrown by the iterable ends the stream
 * with an `exception` message naming it.
 */
export const eventStreamResponse = (
  service: ServiceModel,
  outputShape: string,
  output: Record<string, unknown>,
  stream: EventStreamMember,
  codec: EventPayloadCodec,
  requestId: string,
): WireResponse => {
  const events = output[stream.member] as AsyncIterable<Record<string, unknown>>
  const union = service.shapes[stream.union]
  const members = union?.type === 'union' ? union.members : {}
  const rest: Record<string, unknown> = { ...output }
  delete rest[stream.member]
  const eventHeaders = (type: string) => ({
    ':message-type': 'event',
    ':event-type': type,
    ':content-type': codec.contentType,
  })
  async function* frames(): AsyncGenerator<Buffer> {
    yield encodeMessage(eventHeaders('initial-response'), codec.encode(outputShape, rest))
    try {
      for await (const ev of events) {
        for (const [name, value] of Object.entries(ev)) {
          const m = members[name]
          if (!m || value === undefined) continue
          yield encodeMessage(eventHeaders(name), codec.encode(m.target, value))
        }
      }
    } catch (e) {
      const err =
        e instanceof AwsError
          ? e
          : new AwsError('InternalFailureException', 'Internal failure.', 500)
      yield encodeMessage(
        {
          ':message-type': 'exception',
          ':exception-type': err.code,
          ':content-type': codec.contentType,
        },
        codec.encode(members[err.code]?.target ?? outputShape, { message: err.message }),
      )
    }
  }
  return {
    status: 200,
    headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: Readable.from(frames(), { objectMode: false }),
  }
}
