/**
 * Receiving a body (PutObject, UploadPart): streamed into a blob file while MD5 (the ETag) and
 * the requested checksums are computed, then verified against Content-MD5, `x-amz-checksum-*`
 * headers or aws-chunked trailers. A body that fails any check leaves no blob behind.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { StreamTooLargeError } from '../../storage/atomic-write.js'
import { AwsChunkedDecoder, signingKeyOf } from './aws-chunked.js'
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

export interface Ingested {
  blobId: string
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
  body: Readable,
): Map<ChecksumAlgorithm, string | undefined> => {
  const out = new Map<ChecksumAlgorithm, string | undefined>()
  for (const alg of CHECKSUM_ALGORITHMS) {
    const v = input[memberOf(alg)]
    if (v === undefined) continue
    if (Buffer.from(v, 'base64').length !== digestLength[alg]) throw invalidChecksum(alg)
    out.set(alg, v)
  }
  if (body instanceof AwsChunkedDecoder)
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

export const ingestBody = async (
  s3: S3State,
  input: BodyInput,
  maxBytes = MAX_PUT_BYTES,
): Promise<Ingested> => {
  const raw = input.Body ?? Buffer.alloc(0)
  const body = raw instanceof Readable ? raw : Readable.from([Buffer.from(raw)])
  const isChunked = body instanceof AwsChunkedDecoder
  // Chunk signatures are checked for keys the server knows, as the seed signature was.
  if (isChunked && body.signing) {
    const known = s3.credentials.lookup(body.signing.accessKeyId)
    const failed =
      known && body.setSigningKey(signingKeyOf(known.secretAccessKey, body.signing.scope))
    if (failed) {
      body.destroy()
      throw failed
    }
  }
  const declared = isChunked ? body.decodedLength : input.ContentLength
  if (declared !== undefined && declared > maxBytes) {
    body.resume()
    throw entityTooLarge(declared, maxBytes)
  }
  const expectedMd5 = md5Of(input.ContentMD5)
  const algs = requested(input, body)
  const md5 = createHash('md5')
  const hashers = [...algs.keys()].map((alg) => [alg, hasherFor(alg)] as const)
  const blobId = s3.blobs.newId()
  // Until a committed row references it, the file is an intent a crash could orphan.
  s3.store.noteBlob(blobId)
  let size: number
  try {
    ;({ size } = await s3.blobs.write(blobId, body, {
      maxBytes,
      ...(declared !== undefined ? { expectedBytes: declared } : {}),
      onChunk: (chunk) => {
        md5.update(chunk)
        for (const [, h] of hashers) h.update(chunk)
      },
    }))
  } catch (e) {
    if (e instanceof StreamTooLargeError) throw entityTooLarge(declared ?? maxBytes + 1, maxBytes)
    throw e
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
        (isChunked ? body.trailers[`x-amz-checksum-${alg.toLowerCase()}`] : undefined)
      if (claimed !== undefined && claimed !== value) throw checksumMismatch(alg)
      checksums[alg] = value
    }
    return { blobId, size, md5: digest, checksums }
  } catch (e) {
    await s3.discard(blobId)
    throw e
  }
}
