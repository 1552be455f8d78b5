/**
 * S3's flexible checksums, computed while a body streams: CRC32 (node:zlib, native), CRC32C and
 * CRC64NVME (@aws-sdk/checksums, the SDK's own implementations, so our values match what clients
 * compute), SHA1/SHA256 (node:crypto). Values travel base64 of the big-endian digest, as on the wire.
 */

import { createHash, type Hash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc'

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number]

/** Wire member name of each algorithm's value (`ChecksumCRC32`, header `x-amz-checksum-crc32`). */
export const memberOf = (alg: ChecksumAlgorithm): `Checksum${ChecksumAlgorithm}` => `Checksum${alg}`
export const headerOf = (alg: ChecksumAlgorithm): string => `x-amz-checksum-${alg.toLowerCase()}`

export const algorithmOfHeader = (name: string): ChecksumAlgorithm | undefined =>
  CHECKSUM_ALGORITHMS.find((a) => headerOf(a) === name.toLowerCase())

export const isChecksumAlgorithm = (v: unknown): v is ChecksumAlgorithm =>
  typeof v === 'string' && (CHECKSUM_ALGORITHMS as readonly string[]).includes(v)

export interface Hasher {
  update(chunk: Buffer): void
  digest(): Promise<Buffer>
}

const crc32Hasher = (): Hasher => {
  let value = 0
  return {
    update: (chunk) => {
      value = crc32(chunk, value)
    },
    digest: async () => {
      const out = Buffer.alloc(4)
      out.writeUInt32BE(value >>> 0)
      return out
    },
  }
}

const nodeHasher = (name: string): Hasher => {
  const h: Hash = createHash(name)
  return {
    update: (chunk) => h.update(chunk),
    digest: async () => h.digest(),
  }
}

const sdkHasher = (impl: {
  update(d: Uint8Array): void
  digest(): Promise<Uint8Array>
}): Hasher => ({
  update: (chunk) => impl.update(chunk),
  digest: async () => Buffer.from(await impl.digest()),
})

export const hasherFor = (alg: ChecksumAlgorithm): Hasher => {
  switch (alg) {
    case 'CRC32':
      return crc32Hasher()
    case 'CRC32C':
      return sdkHasher(new Crc32c())
    case 'CRC64NVME':
      return sdkHasher(new Crc64Nvme())
    case 'SHA1':
      return nodeHasher('sha1')
    case 'SHA256':
      return nodeHasher('sha256')
  }
}

/** Composite checksum of a multipart object: hash of the parts' raw digests, then `-N`. */
export const compositeChecksum = async (
  alg: ChecksumAlgorithm,
  partValues: readonly string[],
): Promise<string> => {
  const h = hasherFor(alg)
  for (const v of partValues) h.update(Buffer.from(v, 'base64'))
  return `${(await h.digest()).toString('base64')}-${partValues.length}`
}
