/**
 * Receiving a body (PutObject, UploadPart, copies): small ones are read into memory to be stored
 * inline with their version, larger ones streamed into a blob file; either way MD5 (the ETag) and
 * the requested checksums are computed, then verified against Content-MD5, `x-amz-checksum-*`
 * headers or aws-chunked trailers. A body that fails any check leaves no blob behind.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { signingKeyOf } from '../../server/sigv4.js'
import { StreamTooLargeError } from '../../storage/atomic-write.js'
import type { BlobSegment } from '../../storage/blobs.js'
import { AwsChunkedDecoder } from './aws-chunked.js'
import {
  algorithmOfHeader,
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  hasherFor,
  isChecksumAlgorithm,
  memberOf,
} from './checksums.js'
import {
  badDigest,
  checksumMismatch,
  entityTooLarge,
  incompleteBody,
  invalidChecksum,
  invalidDigest,
} from './errors.js'
import type { S3State } from './state.js'

export const MAX_PUT_BYTES = 5 * 1024 ** 3

export interface BodyInput {
  Body?: Readable | Uint8Array | string
  ContentLength?: number
  ContentMD5?: string
  ChecksumAlgorithm?: string
  ChecksumCRC32?: string
  ChecksumCRC32C?: string
  ChecksumCRC64NVME?: string
  ChecksumSHA1?: string
  ChecksumSHA256?: string
}

/** Bodies up to this size are kept inline in the metadata store (when the caller allows it). */
export const INLINE_MAX_BYTES = 64 * 1024

/** Where an ingested body's bytes are: in memory, to be stored inline, or in a blob file. */
export type StoredBody =
  | { inline: Buffer; blobId?: undefined }
  | { blobId: string; inline?: undefined }

export interface Ingested {
  stored: StoredBody
  size: number
  md5: Buffer
  checksums: Partial<Record<ChecksumAlgorithm, string>>
}

const digestLength: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
}

/** Which algorithms this request asks for, and the values it claims (undefined = trailer). */
const requested = (
  input: BodyInput,
  body: AwsChunkedDecoder | undefined,
): Map<ChecksumAlgorithm, string | undefined> => {
  const out = new Map<ChecksumAlgorithm, string | undefined>()
  for (const alg of CHECKSUM_ALGORITHMS) {
    const v = input[memberOf(alg)]
    if (v === undefined) continue
    if (Buffer.from(v, 'base64').length !== digestLength[alg]) throw invalidChecksum(alg)
    out.set(alg, v)
  }
  if (body)
    for (const name of body.trailerNames) {
      const alg = algorithmOfHeader(name)
      if (alg && !out.has(alg)) out.set(alg, undefined)
    }
  if (isChecksumAlgorithm(input.ChecksumAlgorithm) && !out.has(input.ChecksumAlgorithm))
    out.set(input.ChecksumAlgorithm, undefined)
  return out
}

const md5Of = (contentMd5: string | undefined): Buffer | undefined => {
  if (contentMd5 === undefined) return undefined
  const raw = Buffer.from(contentMd5, 'base64')
  if (raw.length !== 16 || raw.toString('base64') !== contentMd5) throw invalidDigest(contentMd5)
  return raw
}

export interface IngestOptions {
  maxBytes?: number
  /** Whether a small body may stay in memory to be stored inline (object versions, not parts). */
  inline?: boolean
}

export const ingestBody = async (
  s3: S3State,
  input: BodyInput,
  { maxBytes = MAX_PUT_BYTES, inline = false }: IngestOptions = {},
): Promise<Ingested> => {
  const raw = input.Body ?? Buffer.alloc(0)
  const isChunked = raw instanceof AwsChunkedDecoder
  // Chunk signatures are checked for keys the server knows, as the seed signature was.
  if (isChunked && raw.signing) {
    const known = s3.credentials.lookup(raw.signing.accessKeyId)
    const failed =
      known && raw.setSigningKey(signingKeyOf(known.secretAccessKey, raw.signing.scope))
    if (failed) {
      raw.destroy()
      throw failed
    }
  }
  const declared = isChunked
    ? raw.decodedLength
    : raw instanceof Readable
      ? input.ContentLength
      : Buffer.byteLength(raw)
  if (declared !== undefined && declared > maxBytes) {
    if (raw instanceof Readable) raw.resume()
    throw entityTooLarge(declared, maxBytes)
  }
  const expectedMd5 = md5Of(input.ContentMD5)
  const algs = requested(input, isChunked ? raw : undefined)
  const md5 = createHash('md5')
  const hashers = [...algs.keys()].map((alg) => [alg, hasherFor(alg)] as const)
  const hash = (chunk: Buffer): void => {
    md5.update(chunk)
    for (const [, h] of hashers) h.update(chunk)
  }
  // A body that may fit inline is read into memory, up to the limit; one that turns out larger
  // goes on to a file with what was read so far.
  let head: Buffer[] = []
  let stored: StoredBody | undefined
  let size = 0
  if (inline && (declared === undefined || declared <= INLINE_MAX_BYTES)) {
    const got =
      raw instanceof Readable
        ? await readUpTo(raw, INLINE_MAX_BYTES)
        : { chunks: [Buffer.from(raw)], ended: true }
    if (got.ended) {
      const data = got.chunks.length === 1 ? got.chunks[0]! : Buffer.concat(got.chunks)
      hash(data)
      size = data.length
      stored = { inline: data }
    } else head = got.chunks
  }
  if (!stored) {
    const body = raw instanceof Readable ? raw : Readable.from([Buffer.from(raw)])
    const blobId = s3.blobs.newId()
    // Until a committed row references it, the file is an intent a crash could orphan.
    s3.store.noteBlob(blobId)
    try {
      ;({ size } = await s3.blobs.write(blobId, head.length ? prepend(head, body) : body, {
        maxBytes,
        onChunk: hash,
      }))
    } catch (e) {
      if (e instanceof StreamTooLargeError) throw entityTooLarge(declared ?? maxBytes + 1, maxBytes)
      throw e
    }
    stored = { blobId }
  }
  try {
    if (!isChunked && input.ContentLength !== undefined && size !== input.ContentLength)
      throw incompleteBody()
    const digest = md5.digest()
    if (expectedMd5 && !expectedMd5.equals(digest))
      throw badDigest(input.ContentMD5!, digest.toString('base64'))
    const checksums: Ingested['checksums'] = {}
    for (const [alg, h] of hashers) {
      const value = (await h.digest()).toString('base64')
      const claimed =
        algs.get(alg) ??
        (isChunked ? raw.trailers[`x-amz-checksum-${alg.toLowerCase()}`] : undefined)
      if (claimed !== undefined && claimed !== value) throw checksumMismatch(alg)
      checksums[alg] = value
    }
    return { stored, size, md5: digest, checksums }
  } catch (e) {
    await discardStored(s3, stored)
    throw e
  }
}

/** A body that must be a file: multipart parts (completing an upload adopts the parts' files). */
export const ingestFile = async (
  s3: S3State,
  input: BodyInput,
): Promise<Ingested & { blobId: string }> => {
  const body = await ingestBody(s3, input)
  if (body.stored.blobId === undefined) throw new Error('s3: a body not allowed inline was kept so')
  return { ...body, blobId: body.stored.blobId }
}

/** The version fields that say where an ingested body is (see NewVersion). */
export const placementOf = (b: Ingested): { blobs: BlobSegment[]; inline?: Buffer } =>
  b.stored.inline
    ? { blobs: [], inline: b.stored.inline }
    : { blobs: [{ id: b.stored.blobId, size: b.size }] }

/** Removes what a body that will not be committed left behind (a file; inline bytes are just memory). */
export const discardStored = async (s3: S3State, stored: StoredBody): Promise<void> => {
  if (stored.blobId !== undefined) await s3.discard(stored.blobId)
}

/**
 * Reads `body` until it ends or holds more than `limit` bytes. Events rather than an async
 * iterator: this runs for every small PUT. Past the limit the stream is paused with its listeners
 * removed, so whoever reads on gets the rest.
 */
const readUpTo = (body: Readable, limit: number): Promise<{ chunks: Buffer[]; ended: boolean }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (ended: boolean, err?: unknown): void => {
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', onError)
      body.off('close', onClose)
      if (err) reject(err)
      else resolve({ chunks, ended })
    }
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk)
      size += chunk.length
      if (size > limit) {
        body.pause()
        done(false)
      }
    }
    const onEnd = (): void => done(true)
    const onError = (err: unknown): void => done(false, err)
    // A client gone mid-body: no 'end' will come.
    const onClose = (): void => done(false, incompleteBody())
    body.on('data', onData)
    body.once('end', onEnd)
    body.once('error', onError)
    body.once('close', onClose)
  })

/** The bytes already read, then the rest of the stream. */
async function* prepend(head: Buffer[], rest: Readable): AsyncGenerator<Buffer> {
  yield* head
  for await (const chunk of rest) yield chunk as Buffer
}
