/**
 * Streaming decoder for `Content-Encoding: aws-chunked` bodies (what today's SDKs and CLI send
 * for PutObject/UploadPart): `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` … then a zero
 * chunk, optional trailer lines (`x-amz-checksum-crc32:<b64>`) and an empty line.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * Data bytes pass through without copying; only framing lines are buffered (bounded).
 * Not supported: chunk-signature verification (signatures are parsed and ignored).
 */
import { Transform, type TransformCallback } from 'node:stream'
import { AwsError } from '../../server/errors.js'

const MAX_LINE = 4096

const incompleteBody = (): AwsError =>
  new AwsError(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header',
    400,
  )

const malformedChunk = (): AwsError =>
  new AwsError('InvalidRequest', 'Invalid chunked upload encoding (aws-chunked).', 400)

type State = 'size' | 'data' | 'dataEnd' | 'trailer' | 'done'

export class AwsChunkedDecoder extends Transform {
  /** Trailer headers (lower-case names) once the stream has ended. */
  readonly trailers: Record<string, string> = {}
  decodedBytes = 0
  private state: State = 'size'
  private remaining = 0
  private line: Buffer = Buffer.alloc(0)

  constructor(
    /** `x-amz-decoded-content-length`, checked at the end when given. */
    readonly decodedLength: number | undefined,
    /** Trailer names announced in `x-amz-trailer`. */
    readonly trailerNames: readonly string[],
  ) {
    super()
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
        this.push(buf.subarray(i, i + n))
        this.decodedBytes += n
        this.remaining -= n
        i += n
        if (this.remaining === 0) this.state = 'dataEnd'
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
        const hex = text.split(';', 1)[0]!.trim()
        if (!/^[0-9a-fA-F]{1,15}$/.test(hex)) throw malformedChunk()
        const size = Number.parseInt(hex, 16)
        if (size === 0) this.state = 'trailer'
        else {
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
        this.trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim()
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
  return new AwsChunkedDecoder(decoded, trailers)
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
