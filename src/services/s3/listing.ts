/** Shared parts of ListObjects/ListObjectsV2: parameter checks and entry rendering. */
import type { CommonPrefix, DeleteMarkerEntry, Object_, ObjectVersion } from '../../gen/s3.js'
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './checksums.js'
import { invalidArgument } from './errors.js'
import { afterKey, successorOf } from './keys.js'
import type { ListEntry, ListedMeta, ListedObject } from './list-scan.js'

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

/** The checksum algorithms an object has, in S3's order; undefined when none (most objects). */
const algorithmsOf = (meta: ListedMeta): ChecksumAlgorithm[] | undefined => {
  for (const _ in meta.checksums) {
    const algs = CHECKSUM_ALGORITHMS.filter((a) => meta.checksums[a] !== undefined)
    return algs.length ? algs : undefined
  }
  return undefined
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
    const item: Object_ = {
      Key: r.key,
      LastModified: new Date(r.lastModified),
      ETag: `"${r.etag}"`,
      Size: r.size,
      StorageClass: (r.meta.storageClass ?? 'STANDARD') as Object_['StorageClass'],
    }
    const algs = algorithmsOf(r.meta)
    if (algs) {
      item.ChecksumAlgorithm = algs
      item.ChecksumType = r.meta.checksumType ?? 'FULL_OBJECT'
    }
    if (owner) item.Owner = owner
    Contents.push(item)
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

/** Where a ListObjectVersions page starts: after the key marker, or inside it after a version. */
export const versionsStart = (
  keyMarker: string,
  versionMarker: string | undefined,
  delimiter: string | undefined,
): { from: string; skip?: (row: ListedObject) => boolean } => {
  if (!keyMarker) return { from: '' }
  if (versionMarker) {
    // Skip the marker key's versions up to and including the marker version.
    let passed = false
    const skip = (row: ListedObject): boolean => {
      if (row.key !== keyMarker || passed) return false
      if (row.versionId === versionMarker) passed = true
      return true
    }
    return { from: keyMarker, skip }
  }
  const isPrefix = delimiter !== undefined && keyMarker.endsWith(delimiter)
  return {
    from: isPrefix ? (successorOf(keyMarker) ?? afterKey(keyMarker)) : afterKey(keyMarker),
  }
}

export const renderVersions = (
  entries: ListEntry[],
  owner: { ID: string; DisplayName: string },
): {
  Versions: ObjectVersion[]
  DeleteMarkers: DeleteMarkerEntry[]
  CommonPrefixes: CommonPrefix[]
} => {
  const Versions: ObjectVersion[] = []
  const DeleteMarkers: DeleteMarkerEntry[] = []
  const CommonPrefixes: CommonPrefix[] = []
  for (const e of entries) {
    if (e.kind === 'prefix') {
      CommonPrefixes.push({ Prefix: e.prefix })
      continue
    }
    const r = e.row
    const base = {
      Key: r.key,
      VersionId: r.versionId,
      IsLatest: r.isLatest,
      LastModified: new Date(r.lastModified),
      Owner: owner,
    }
    if (r.isDeleteMarker) {
      DeleteMarkers.push(base)
      continue
    }
    const algs = algorithmsOf(r.meta)
    Versions.push({
      ...base,
      ETag: `"${r.etag}"`,
      Size: r.size,
      StorageClass: 'STANDARD',
      ...(algs
        ? { ChecksumAlgorithm: algs, ChecksumType: r.meta.checksumType ?? 'FULL_OBJECT' }
        : {}),
    })
  }
  return { Versions, DeleteMarkers, CommonPrefixes }
}
