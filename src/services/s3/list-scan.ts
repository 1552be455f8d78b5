/**
 * The walk shared by listObjects and listVersions over one [from, prefix-end) key range: rows
 * stream from a scan and are decoded only when emitted; a common prefix ends the scan and a new
 * one starts past all of its keys (one seek), so the cost follows the page, not the bucket.
 */
import { afterKey, compareKeys, successorOf } from './keys.js'
import type { ObjectMeta, ObjectRow } from './store.js'

/** What a listing shows of an object version's metadata. */
export type ListedMeta = Pick<ObjectMeta, 'checksums' | 'checksumType' | 'storageClass'>

/**
 * What a listing shows of an object version (no body, no bucket). Listings of current objects
 * do not show version ids and do not read them (a column less per row).
 */
export type ListedObject = Pick<
  ObjectRow,
  'key' | 'isLatest' | 'isDeleteMarker' | 'size' | 'etag' | 'lastModified'
> & { versionId?: string; meta: ListedMeta }

/** One listing entry: an object (version) or a common prefix. */
export type ListEntry = { kind: 'object'; row: ListedObject } | { kind: 'prefix'; prefix: string }

export interface ListQuery {
  prefix: string
  delimiter?: string
  /** Inclusive lower bound; empty = from the start. */
  from: string
  maxKeys: number
  /** Rows to pass over (versions at or before a version-id marker). */
  skip?: (row: ListedObject) => boolean
}

export interface ListResult {
  entries: ListEntry[]
  isTruncated: boolean
}

/** How a scan's rows (of whatever shape the query returns) are read. */
export interface ListSource<R> {
  /** Rows in key order within [from, to); `firstBatch` is how many the walk expects to need. */
  scan(from: string, to: string | undefined, firstBatch: number): Iterable<R>
  /**
   * Keys only, cheaper than rows, while common prefixes follow each other: the first key in
   * [from, to), then the first key past its common prefix, and so on, ending after the first key
   * that is in none (or after `limit` keys). May stop early (after any key): the walk goes on.
   */
  prefixRun?(from: string, to: string | undefined, limit: number): string[]
  keyOf(row: R): string
  decode(row: R): ListedObject
}

export const listRange = <R>(q: ListQuery, source: ListSource<R>): ListResult => {
  const end = q.prefix ? successorOf(q.prefix) : undefined
  let from = compareKeys(q.from, q.prefix) > 0 ? q.from : q.prefix
  const entries: ListEntry[] = []
  if (q.maxKeys <= 0) return { entries, isTruncated: false }
  /** Where the scan resumes past a common prefix; undefined when nothing in range can follow. */
  const pastPrefix = (cp: string): string | undefined => {
    const past = successorOf(cp)
    return past === undefined || (end !== undefined && compareKeys(past, end) >= 0)
      ? undefined
      : past
  }
  for (;;) {
    if (q.delimiter && source.prefixRun) {
      // Common prefixes in a row cost a key seek each, never a row fetch.
      const keys = source.prefixRun(from, end, q.maxKeys - entries.length + 1)
      if (keys.length === 0) return { entries, isTruncated: false }
      let isObject = false
      for (const key of keys) {
        const cp = commonPrefixOf(key, q.prefix, q.delimiter)
        if (cp === undefined) {
          // An object: the row scan below starts at it.
          from = key
          isObject = true
          break
        }
        if (entries.length === q.maxKeys) return { entries, isTruncated: true }
        entries.push({ kind: 'prefix', prefix: cp })
        const past = pastPrefix(cp)
        if (past === undefined) return { entries, isTruncated: false }
        from = past
      }
      if (!isObject) continue
    }
    let jumpTo: string | undefined
    // With a delimiter the next row may open a common prefix (and a seek): start small.
    const need = q.maxKeys - entries.length + 1
    for (const raw of source.scan(from, end, q.delimiter ? Math.min(need, 2) : need)) {
      const cp = q.delimiter ? commonPrefixOf(source.keyOf(raw), q.prefix, q.delimiter) : undefined
      let row: ListedObject | undefined
      if (cp === undefined && q.skip) {
        row = source.decode(raw)
        if (q.skip(row)) continue
      }
      if (entries.length === q.maxKeys) return { entries, isTruncated: true }
      if (cp !== undefined) {
        entries.push({ kind: 'prefix', prefix: cp })
        jumpTo = pastPrefix(cp)
        if (jumpTo === undefined) return { entries, isTruncated: false }
        break
      }
      entries.push({ kind: 'object', row: row ?? source.decode(raw) })
    }
    if (jumpTo === undefined) return { entries, isTruncated: false }
    from = jumpTo
  }
}

/**
 * Rows in key order from `from`, fetched in batches (far cheaper per row than a cursor), the
 * first of `first` rows, then larger ones; a caller that stops early fetches no more. A first
 * batch that is short is the whole answer, returned as it is (no generator per page).
 */
export const batches = <R>(
  fetch: (from: string, limit: number) => R[],
  keyOf: (row: R) => string,
  from: string,
  first: number,
): Iterable<R> => {
  const limit = Math.max(first, 1)
  const rows = fetch(from, limit)
  return rows.length < limit ? rows : moreBatches(fetch, keyOf, rows, limit)
}

function* moreBatches<R>(
  fetch: (from: string, limit: number) => R[],
  keyOf: (row: R) => string,
  rows: R[],
  limit: number,
): Generator<R> {
  for (;;) {
    yield* rows
    if (rows.length < limit) return
    const from = afterKey(keyOf(rows[rows.length - 1]!))
    limit = Math.min(limit * 4, 1000)
    rows = fetch(from, limit)
  }
}

const commonPrefixOf = (key: string, prefix: string, delimiter: string): string | undefined => {
  const at = key.indexOf(delimiter, prefix.length)
  return at === -1 ? undefined : key.slice(0, at + delimiter.length)
}
