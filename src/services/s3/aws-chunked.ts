/**
 * Streaming decoder for `Content-Encoding: aws-chunked` bodies (what today's SDKs and CLI send
 * for PutObject/UploadPart): `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` … then a zero
 * chunk, optional trailer lines (`x-amz-checksum-crc32:<b64>`) and an empty line.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * Data bytes pass through without copying; only framing lines are buffered (bounded).
 * Signed variants (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) chain each chunk's signature to
 * the previous one from the header's seed signature; they are verified once the S3 layer hands in
 * the signing key (only for keys the server knows, as the seed itself is).
 */
import { createHash, createHmac, type Hash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import type { AwsError } from '../../server/errors.js'
import { incompleteBody, malformedChunk, signatureMismatch } from './errors.js'

const MAX_LINE = 4096

const EMPTY_SHA256 = createHash('sha256').digest('hex')

type State = 'size' | 'data' | 'dataEnd' | 'trailer' | 'done'

/** What the seed request's SigV4 header says: the chain's start and its scope. */
export interface ChunkSigning {
  accessKeyId: string
  longDate: string
  /** `date/region/service/aws4_request` */
  scope: string
  seedSignature: string
}

export class AwsChunkedDecoder extends Transform {
  /** Trailer headers (lower-case names) once the stream has ended. */
  readonly trailers: Record<string, string> = {}
  decodedBytes = 0
  private state: State = 'size'
  private remaining = 0
  private line: Buffer = Buffer.alloc(0)
  private claimed: string | undefined
  private chunkHash: Hash | undefined
  private trailerText = ''
  private key: Buffer | undefined
  private previous = ''
  /** Chunks seen before the key arrived: [claimed signature, data SHA-256] (or a trailer). */
  private pending: Array<[string | undefined, string, 'chunk' | 'trailer']> = []

  constructor(
    /** `x-amz-decoded-content-length`, checked at the end when given. */
    readonly decodedLength: number | undefined,
    /** Trailer names announced in `x-amz-trailer`. */
    readonly trailerNames: readonly string[],
    /** Set for the signed variants. */
    readonly signing?: ChunkSigning,
  ) {
    super()
    this.previous = signing?.seedSignature ?? ''
  }

  /**
   * Starts verifying chunk signatures with the request's signing key. Chunks already decoded are
   * checked now; their failure is returned (nobody may be listening for 'error' yet).
   */
  setSigningKey(key: Buffer): AwsError | undefined {
    this.key = key
    const queued = this.pending
    this.pending = []
    try {
      for (const [claimed, hash, kind] of queued) this.check(claimed, hash, kind)
    } catch (e) {
      return e as AwsError
    }
    return undefined
  }

  private check(claimed: string | undefined, hash: string, kind: 'chunk' | 'trailer'): void {
    if (!this.signing) return
    if (!this.key) {
      this.pending.push([claimed, hash, kind])
      return
    }
    const { longDate, scope } = this.signing
    const toSign =
      kind === 'chunk'
        ? `AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${this.previous}\n${EMPTY_SHA256}\n${hash}`
        : `AWS4-HMAC-SHA256-TRAILER\n${longDate}\n${scope}\n${this.previous}\n${hash}`
    const expected = createHmac('sha256', this.key).update(toSign).digest('hex')
    if (claimed !== expected) throw signatureMismatch()
    this.previous = expected
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk)
      done()
    } catch (e) {
      done(e as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== 'done' && !(this.state === 'trailer' && this.line.length === 0)) {
      done(incompleteBody())
      return
    }
    if (this.decodedLength !== undefined && this.decodedBytes !== this.decodedLength) {
      done(incompleteBody())
      return
    }
    done()
  }

  private consume(buf: Buffer): void {
    let i = 0
    while (i < buf.length) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i)
        this.chunkHash?.update(buf.subarray(i, i + n))
        this.push(buf.subarray(i, i + n))
        this.decodedBytes += n
        this.remaining -= n
        i += n
        if (this.remaining === 0) {
          this.state = 'dataEnd'
          if (this.chunkHash) this.check(this.claimed, this.chunkHash.digest('hex'), 'chunk')
        }
        continue
      }
      if (this.state === 'done') return // bytes after the final CRLF are ignored, as S3 does
      // Line-oriented states: gather up to CRLF.
      const nl = buf.indexOf(10, i)
      const end = nl === -1 ? buf.length : nl + 1
      this.line = this.line.length
        ? Buffer.concat([this.line, buf.subarray(i, end)])
        : buf.subarray(i, end)
      if (this.line.length > MAX_LINE) throw malformedChunk()
      i = end
      if (nl === -1) {
        this.line = Buffer.from(this.line) // detach from the caller's buffer
        continue
      }
      const text = this.line.toString('latin1').replace(/\r?\n$/, '')
      this.line = Buffer.alloc(0)
      this.onLine(text)
    }
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'dataEnd':
        if (text !== '') throw malformedChunk()
        this.state = 'size'
        return
      case 'size': {
        const [head, ...exts] = text.split(';')
        const hex = head!.trim()
        if (!/^[0-9a-fA-F]{1,15}$/.test(hex)) throw malformedChunk()
        const size = Number.parseInt(hex, 16)
        if (this.signing) {
          const ext = exts.find((e) => e.trim().startsWith('chunk-signature='))
          this.claimed = ext?.trim().slice('chunk-signature='.length)
          this.chunkHash = createHash('sha256')
        }
        if (size === 0) {
          this.state = 'trailer'
          if (this.chunkHash) this.check(this.claimed, this.chunkHash.digest('hex'), 'chunk')
        } else {
          this.remaining = size
          this.state = 'data'
        }
        return
      }
      case 'trailer': {
        if (text === '') {
          this.state = 'done'
          return
        }
        const colon = text.indexOf(':')
        if (colon <= 0) throw malformedChunk()
        const name = text.slice(0, colon).trim().toLowerCase()
        const value = text.slice(colon + 1).trim()
        if (name === 'x-amz-trailer-signature') {
          this.check(value, createHash('sha256').update(this.trailerText).digest('hex'), 'trailer')
          return
        }
        this.trailerText += `${name}:${value}\n`
        this.trailers[name] = value
        return
      }
      default:
        throw malformedChunk()
    }
  }
}

/** True when a request's body is aws-chunked framed. */
export const isAwsChunked = (headers: Record<string, string | undefined>): boolean => {
  const sha = headers['x-amz-content-sha256'] ?? ''
  if (sha.startsWith('STREAMING-')) return true
  return (headers['content-encoding'] ?? '')
    .split(',')
    .some((t) => t.trim().toLowerCase() === 'aws-chunked')
}

export const decoderFor = (headers: Record<string, string | undefined>): AwsChunkedDecoder => {
  const raw = headers['x-amz-decoded-content-length']
  const decoded = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined
  const trailers = (headers['x-amz-trailer'] ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '')
  return new AwsChunkedDecoder(decoded, trailers, signingOf(headers))
}

/** The seed of a signed aws-chunked body, from the SigV4 Authorization header. */
const signingOf = (headers: Record<string, string | undefined>): ChunkSigning | undefined => {
  if (!(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD'))
    return undefined
  const auth = headers.authorization ?? ''
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1]
  const seedSignature = /Signature=([0-9a-f]+)/.exec(auth)?.[1]
  const longDate = headers['x-amz-date']
  if (!credential || !seedSignature || !longDate) return undefined
  const slash = credential.indexOf('/')
  return {
    accessKeyId: credential.slice(0, slash),
    scope: credential.slice(slash + 1),
    longDate,
    seedSignature,
  }
}

/** `Content-Encoding` as stored: aws-chunked is transport framing, not the object's encoding. */
export const storedContentEncoding = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const rest = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.toLowerCase() !== 'aws-chunked')
  return rest.length ? rest.join(',') : undefined
}
