/**
 * Test harness: runs a protocol in-process behind a real SDK client, so the SDK's own serializer
 * builds the request and its own deserializer reads our response — no server, no socket.
 */
import { Readable } from 'node:stream'
import { type HttpRequest, HttpResponse } from '@smithy/protocol-http'
import type { OperationModel, ServiceModel } from '../protocols/model.js'
import type { Protocol, WireRequest } from '../protocols/protocol.js'
import { AwsError } from '../server/errors.js'

export type Handle = (
  op: OperationModel,
  input: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The SDK's HttpRequest as the server would hand it to a protocol. */
export const toWire = (request: HttpRequest): WireRequest => {
  const rawQuery = Object.entries(request.query ?? {})
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => (x === null ? enc(k) : `${enc(k)}=${enc(x)}`)),
    )
    .join('&')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v
  const b: unknown = request.body
  const body =
    b instanceof Readable
      ? b
      : b instanceof Uint8Array
        ? Buffer.from(b)
        : typeof b === 'string'
          ? Buffer.from(b)
          : Buffer.alloc(0)
  return {
    method: request.method,
    path: request.path,
    rawQuery,
    headers,
    host: request.hostname,
    body,
  }
}

/** A request handler that runs the protocol in-process: SDK serializer → protocol → SDK deserializer. */
export const inProcess = (protocol: Protocol, service: ServiceModel, handle: Handle) => ({
  handle: async (request: HttpRequest) => {
    const wire = toWire(request)
    const ctx = { requestId: 'req-1', service }
    const op = protocol.resolveOperation(wire, service)
    let res: ReturnType<Protocol['serialize']>
    try {
      if (!op) throw protocol.unknownOperation(wire, service)
      const input = await protocol.parse(wire, op, service)
      try {
        res = protocol.serialize(await handle(op, input), op, ctx)
      } catch (e) {
        if (e instanceof AwsError) res = protocol.serializeError(e, ctx, op)
        else throw e
      }
    } catch (e) {
      if (!(e instanceof AwsError)) throw e
      res = protocol.serializeError(e, ctx, op)
    }
    const body =
      res.body instanceof Readable ? res.body : Readable.from([Buffer.from(res.body ?? '')])
    return { response: new HttpResponse({ statusCode: res.status, headers: res.headers, body }) }
  },
})
