/**
 * The only file that touches node:http / node:http2 / node:net / node:tls. One port serves
 * HTTP/1.1 and HTTP/2 with prior knowledge (h2c) by sniffing the connection preface — today's
 * @aws-sdk/client-kinesis speaks h2c on http:// endpoints — and, with a certificate, TLS with ALPN.
 */
import { readFileSync } from 'node:fs'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type {
  Http2SecureServer,
  Http2Server,
  Http2ServerRequest,
  Http2ServerResponse,
  Http2Session,
} from 'node:http2'
import { createRequire } from 'node:module'
import net, { type Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { WireResponse } from '../protocols/protocol.js'

/** A request as the server core sees it, independent of HTTP version. */
export interface Exchange {
  method: string
  /** Request target as received: path plus query string. */
  url: string
  /** Lower-cased names; HTTP/2 pseudo-headers removed; repeated headers joined with ', '. */
  headers: Record<string, string>
  /** Host header (or :authority) including any port. */
  authority: string
  /**
   * Small bodies with a declared length arrive read (a Buffer), read here the way a bare
   * node:http server reads them; larger or unsized bodies arrive as the stream.
   */
  body: Readable | Buffer
  remoteAddress: string
  isSecure: boolean
  /** Resolves when the client has gone away before the response finished. */
  signal: AbortSignal
}

export type ExchangeHandler = (ex: Exchange) => Promise<WireResponse>

export interface Listener {
  host: string
  port: number
  url: string
  /** Stop accepting, let in-flight requests finish up to `timeoutMs`, then drop what remains. */
  close(timeoutMs: number): Promise<void>
}

export interface ListenOptions {
  host: string
  port: number
  tlsCert?: string
  tlsKey?: string
  onError: (err: unknown) => void
}

const requireHere = createRequire(import.meta.url)

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')

const toHeaders = (raw: IncomingMessage['headers']): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name in raw) {
    if (name.charCodeAt(0) === 58 /* ':' */) continue
    const v = raw[name]
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

type AnyRequest = IncomingMessage | Http2ServerRequest

const EMPTY = Buffer.alloc(0)
/** Bodies up to this size (declared by Content-Length) are read before the pipeline runs. */
const SMALL_BODY_BYTES = 64 * 1024

/**
 * The declared size of a body worth reading up front, 0 for an HTTP/1.1 request that has no
 * body (no Content-Length, no Transfer-Encoding), else undefined: the pipeline streams it.
 */
const smallBodySize = (req: AnyRequest): number | undefined => {
  // PUT bodies are object uploads (S3 PutObject, UploadPart): they stream straight to storage.
  if (req.method === 'PUT') return undefined
  const declared = req.headers['content-length']
  if (declared === undefined) {
    const hasNoBody = req.httpVersionMajor === 1 && req.headers['transfer-encoding'] === undefined
    return hasNoBody ? 0 : undefined
  }
  const n = Number(declared)
  return n <= SMALL_BODY_BYTES ? n : undefined
}
type AnyResponse = ServerResponse | Http2ServerResponse

// A class, not an object literal with getters: literals with accessors are slow in V8, and this
// object is built for every request.
class NodeExchange implements Exchange {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly authority: string
  #signal: AbortSignal | undefined

  constructor(
    private readonly req: AnyRequest,
    private readonly res: AnyResponse,
    readonly isSecure: boolean,
    readonly body: Readable | Buffer,
  ) {
    this.method = req.method ?? 'GET'
    this.url = req.url ?? '/'
    // HTTP/1.1 headers as Node parsed them (already lower-cased, repeats joined) unless a
    // Set-Cookie array is among them; HTTP/2 ones lose their pseudo-headers in a copy.
    const raw = req.headers
    this.headers =
      req.httpVersionMajor === 1 && raw['set-cookie'] === undefined
        ? (raw as Record<string, string>)
        : toHeaders(raw)
    this.authority = (req.headers[':authority'] as string | undefined) ?? this.headers.host ?? ''
  }

  get remoteAddress(): string {
    return this.req.socket?.remoteAddress ?? ''
  }

  /** Created on first use: most requests never need it. */
  get signal(): AbortSignal {
    if (this.#signal) return this.#signal
    const abort = new AbortController()
    this.#signal = abort.signal
    const res = this.res
    if (!res.writableFinished) {
      res.once('close', () => {
        if (!res.writableFinished) abort.abort()
      })
    }
    return abort.signal
  }
}

export const listen = async (opts: ListenOptions, handle: ExchangeHandler): Promise<Listener> => {
  const isSecure = Boolean(opts.tlsCert)
  const dispatch = (req: AnyRequest, res: AnyResponse, body: Readable | Buffer): void => {
    // One then() with both handlers (a chained catch costs a promise per request); a throw while
    // writing is caught here too, so nothing becomes an unhandled rejection.
    const fail = (err: unknown): void => {
      opts.onError(err)
      try {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      } catch {
        res.destroy()
      }
    }
    handle(new NodeExchange(req, res, isSecure, body)).then((out) => {
      try {
        writeResponse(req, res, out)
      } catch (err) {
        fail(err)
      }
    }, fail)
  }

  const serve = (req: AnyRequest, res: AnyResponse): void => {
    const size = smallBodySize(req)
    if (size === undefined) {
      dispatch(req, res, req)
      return
    }
    if (size === 0) {
      dispatch(req, res, EMPTY)
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () =>
      dispatch(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    )
    // A client that goes away mid-body gets no answer: there is no one to send it to.
    req.on('error', () => res.destroy())
  }

  const h1 = http.createServer(
    { keepAliveTimeout: 65_000, headersTimeout: 60_000, requestTimeout: 0 },
    serve,
  )
  const sessions = new Set<Http2Session>()
  // node:http2 costs ~6 ms to load: a cleartext server creates its HTTP/2 side on the first
  // connection that opens with the HTTP/2 preface, not at start-up.
  let h2: Http2Server | Http2SecureServer | undefined
  const http2Server = (): Http2Server | Http2SecureServer => {
    if (h2) return h2
    const http2 = requireHere('node:http2') as typeof import('node:http2')
    const created = isSecure
      ? http2.createSecureServer(
          {
            cert: readFileSync(opts.tlsCert!),
            key: readFileSync(opts.tlsKey!),
            allowHTTP1: true,
            settings: { maxConcurrentStreams: 1000 },
          },
          serve,
        )
      : http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, serve)
    created.on('session', (s: Http2Session) => {
      sessions.add(s)
      s.on('close', () => sessions.delete(s))
      s.on('error', () => {})
    })
    // HTTP/1.1 keeps Node's own clientError handling: 400/408/431 answers, then close.
    created.on('clientError', (_e: unknown, sock: Socket) => sock.destroy())
    h2 = created
    return created
  }

  const sockets = new Set<Socket>()
  const front = isSecure
    ? (http2Server() as unknown as net.Server)
    : net.createServer({ noDelay: true }, (socket) => {
        socket.on('error', () => {})
        sniff(socket, (isH2) => (isH2 ? http2Server() : h1).emit('connection', socket))
      })
  front.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject)
    front.listen(opts.port, opts.host, () => {
      front.off('error', reject)
      resolve()
    })
  })
  front.on('error', opts.onError)
  const address = front.address() as net.AddressInfo
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return {
    host: address.address,
    port: address.port,
    url: `${isSecure ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    close: async (timeoutMs) => {
      front.close()
      for (const s of sessions) s.close() // GOAWAY: in-flight streams finish, no new ones
      // Connections close as they go idle: a request in flight (its body still arriving, or its
      // response still going out) finishes first. No per-request bookkeeping on the hot path.
      const deadline = Date.now() + timeoutMs
      for (;;) {
        h1.closeIdleConnections()
        if (sockets.size === 0 || Date.now() >= deadline) break
        await new Promise((r) => setTimeout(r, 20))
      }
      for (const s of sessions) s.destroy()
      for (const socket of sockets) socket.destroy()
    },
  }
}

/** Decide HTTP/1.1 or h2c from the first bytes, then hand the socket over with those bytes. */
const sniff = (socket: Socket, dispatch: (isH2: boolean) => void): void => {
  let seen: Buffer = Buffer.alloc(0)
  const onData = (chunk: Buffer): void => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk])
    const n = Math.min(seen.length, H2_PREFACE.length)
    const isPrefix = seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n))
    if (isPrefix && seen.length < H2_PREFACE.length) return // need more bytes to decide
    socket.off('data', onData)
    socket.pause()
    socket.unshift(seen)
    dispatch(isPrefix)
    process.nextTick(() => socket.resume())
  }
  socket.on('data', onData)
}

const writeResponse = (req: AnyRequest, anyRes: AnyResponse, out: WireResponse): void => {
  // The HTTP/2 compatibility response mirrors ServerResponse for everything used here.
  const res = anyRes as ServerResponse
  if (res.destroyed) return
  const { body } = out
  const isWhole = body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
  let headers: Record<string, string | number> = out.headers
  const isH2 = req.httpVersionMajor === 2
  // Copy only when something must change: this runs for every response.
  if ((isWhole && headers['content-length'] === undefined) || (isH2 && 'connection' in headers)) {
    headers = { ...headers }
    // HTTP/2 forbids connection-specific headers (a 413's `connection: close`).
    if (isH2) delete headers.connection
    if (isWhole && headers['content-length'] === undefined) {
      headers['content-length'] = body === undefined ? 0 : Buffer.byteLength(body)
    }
  }
  const isHead = req.method === 'HEAD'
  res.writeHead(out.status, headers)
  if (isWhole) {
    res.end(isHead ? undefined : body)
  } else if (isHead) {
    body.destroy()
    res.end()
  } else {
    pipeline(body, res).catch(() => res.destroy())
  }
}
