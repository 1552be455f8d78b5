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

/**
 * Reads a whole (non-streaming) request body, refusing it as soon as it passes `limit` bytes so
 * memory stays bounded whatever a client sends or claims.
 */
export const readBody = async (
  body: Readable,
  limit: number,
  contentLength: string | undefined,
): Promise<Buffer> => {
  if (contentLength !== undefined && Number(contentLength) > limit) throw requestTooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) throw requestTooLarge(limit)
    chunks.push(chunk as Buffer)
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
}
