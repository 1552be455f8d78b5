/**
 * Kinesis calls in wire forms the JS SDK never sends (bad base64, CBOR as the Java SDK and KCL
 * send it), signed like an SDK request; and a reader for the event-stream messages they answer.
 */
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { Cloud } from './cloud.js'

export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1'

const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIDRAW', secretAccessKey: 'x' },
  region: 'us-east-1',
  service: 'kinesis',
  sha256: Hash.bind(null, 'sha256'),
})

/** POSTs `body` as Kinesis operation `target`; the response body is returned as a stream. */
export const rawKinesisFetch = async (
  cloud: Cloud,
  target: string,
  body: Buffer | string,
  contentType: string,
  signal?: AbortSignal,
): Promise<Response> => {
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: '/',
    headers: {
      host: `127.0.0.1:${cloud.port}`,
      'content-type': contentType,
      'x-amz-target': `Kinesis_20131202.${target}`,
    },
    body,
  })
  return fetch(`${cloud.url}/`, { method: 'POST', headers: signed.headers, body, signal })
}

/** As rawKinesisFetch, with the whole body read. */
export const rawKinesisCall = async (
  cloud: Cloud,
  target: string,
  body: Buffer | string,
  contentType: string,
): Promise<{ status: number; headers: Headers; body: Buffer }> => {
  const res = await rawKinesisFetch(cloud, target, body, contentType)
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

export interface EventMessage {
  headers: Record<string, string>
  payload: Buffer
}

/**
 * Splits `buf` into complete event-stream messages (prelude: total length, headers length,
 * CRC; string-valued headers only, which is all AWS sends); returns them and the unread rest.
 */
export const readEventMessages = (buf: Buffer): { messages: EventMessage[]; rest: Buffer } => {
  const messages: EventMessage[] = []
  let at = 0
  while (buf.length - at >= 12) {
    const total = buf.readUInt32BE(at)
    if (buf.length - at < total) break
    const headersLength = buf.readUInt32BE(at + 4)
    const headers: Record<string, string> = {}
    let h = at + 12
    const headersEnd = h + headersLength
    while (h < headersEnd) {
      const nameLength = buf[h]!
      const name = buf.toString('utf8', h + 1, h + 1 + nameLength)
      h += 1 + nameLength
      if (buf[h] !== 7) throw new Error(`header ${name}: type ${buf[h]} is not a string`)
      const valueLength = buf.readUInt16BE(h + 1)
      headers[name] = buf.toString('utf8', h + 3, h + 3 + valueLength)
      h += 3 + valueLength
    }
    messages.push({ headers, payload: buf.subarray(headersEnd, at + total - 4) })
    at += total
  }
  return { messages, rest: buf.subarray(at) }
}
