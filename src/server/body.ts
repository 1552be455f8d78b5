import type { Readable } from 'node:stream'
import { AwsError } from './errors.js'

/** The error for a body over a service's limit; the connection is closed after it is sent. */
export const requestTooLarge = (limit: number): AwsError =>
  new AwsError(
    'RequestEntityTooLarge',
    `Request must be smaller than ${limit} bytes.`,
    413,
    {},
    { connection: 'close' },
  )

/** The client stopped sending before the body was complete (S3's wording, used for every service). */
export const incompleteBody = (): AwsError =>
  new AwsError(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    400,
  )

/**
 * Reads a whole (non-streaming) request body, refusing it as soon as it passes `limit` bytes so
 * memory stays bounded whatever a client sends or claims.
 */
export const readBody = (
  body: Readable,
  limit: number,
  contentLength: string | undefined,
): Promise<Buffer> => {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    return Promise.reject(requestTooLarge(limit))
  }
  // Events rather than `for await`: async iteration costs several µs per request on this path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        body.resume() // discard the rest; the response closes the connection
        reject(requestTooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(err)
    }
    const onAborted = (): void => onError(incompleteBody())
    const cleanup = (): void => {
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', onError)
      body.off('aborted', onAborted)
    }
    body.on('data', onData)
    body.on('end', onEnd)
    body.on('error', onError)
    body.on('aborted', onAborted)
  })
}
