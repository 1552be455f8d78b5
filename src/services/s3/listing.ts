/** Shared parts of ListObjects/ListObjectsV2: parameter checks and entry rendering. */
import type { CommonPrefix, Object_ } from '../../gen/s3.js'
import { CHECKSUM_ALGORITHMS } from './checksums.js'
import { invalidArgument } from './errors.js'
import type { ListEntry } from './store.js'

export const checkMaxKeys = (max: number | undefined): number => {
  if (max === undefined) return 1000
  if (max < 0)
    throw invalidArgument(
      'Argument maxKeys must be an integer between 0 and 2147483647',
      'maxKeys',
      String(max),
    )
  return Math.min(max, 1000)
}

export const checkEncodingType = (v: string | undefined): void => {
  if (v !== undefined && v !== 'url')
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', v)
}

export const renderEntries = (
  entries: ListEntry[],
  owner: { ID: string; DisplayName: string } | undefined,
): { Contents?: Object_[]; CommonPrefixes?: CommonPrefix[] } => {
  const Contents: Object_[] = []
  const CommonPrefixes: CommonPrefix[] = []
  for (const e of entries) {
    if (e.kind === 'prefix') {
      CommonPrefixes.push({ Prefix: e.prefix })
      continue
    }
    const r = e.row
    const algs = CHECKSUM_ALGORITHMS.filter((a) => r.meta.checksums[a] !== undefined)
    Contents.push({
      Key: r.key,
      LastModified: new Date(r.lastModified),
      ETag: `"${r.etag}"`,
      Size: r.size,
      StorageClass: (r.meta.storageClass ?? 'STANDARD') as Object_['StorageClass'],
      ...(algs.length
        ? { ChecksumAlgorithm: algs, ChecksumType: r.meta.checksumType ?? 'FULL_OBJECT' }
        : {}),
      ...(owner ? { Owner: owner } : {}),
    })
  }
  return {
    ...(Contents.length ? { Contents } : {}),
    ...(CommonPrefixes.length ? { CommonPrefixes } : {}),
  }
}

export const lastOf = (entries: ListEntry[]): string | undefined => {
  const e = entries.at(-1)
  return e === undefined ? undefined : e.kind === 'prefix' ? e.prefix : e.row.key
}
