/**
 * S3 metadata in the metadata store: buckets, object versions, multipart uploads and parts.
 * Keys are TEXT: SQLite stores them as UTF-8 and its BINARY collation compares with memcmp, which
 * is S3's UTF-8 binary order (and code point order, so bounds can be computed on JS strings).
 * Listings are range scans over (bucket, key) — a prefix is a [prefix, successor) range and a
 * common prefix is skipped with one seek past it.
 */

import type { BlobSegment } from '../../storage/blobs.js'
import { groupCommit } from '../../storage/group-commit.js'
import type { MetadataStore } from '../../storage/metadata.js'
import { compareKeys, successorOf } from './keys.js'
import {
  batches,
  type ListedMeta,
  type ListedObject,
  type ListQuery,
  type ListResult,
  listRange,
} from './list-scan.js'

export interface BucketConfig {
  tags?: Record<string, string>
  cors?: unknown
  notification?: unknown
  policy?: string
  publicAccessBlock?: unknown
}

export interface BucketRow {
  name: string
  account: string
  region: string
  createdAt: number
  versioning: 'Enabled' | 'Suspended' | undefined
  config: BucketConfig
}

/** What an object version carries besides its body (JSON in the `meta` column). */
export interface ObjectMeta {
  headers: Record<string, string>
  userMetadata: Record<string, string>
  checksums: Record<string, string>
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE'
  tags?: Record<string, string>
  /** Part sizes of a multipart object (for GET ?partNumber=). */
  parts?: number[]
  storageClass?: string
}

export interface ObjectRow {
  bucket: string
  key: string
  seq: number
  versionId: string
  isLatest: boolean
  isDeleteMarker: boolean
  size: number
  etag: string
  lastModified: number
  /** The body's files, in order; empty when the body is inline (or for a delete marker). */
  blobs: BlobSegment[]
  /** Set when the body is small enough to live in the metadata store: its s3_inline row. */
  inlineId?: number
  meta: ObjectMeta
}

/** A new version as written: an inline body comes as its bytes, the store gives it a row. */
export type NewVersion = Omit<ObjectRow, 'seq' | 'isLatest' | 'inlineId'> & { inline?: Buffer }

export interface UploadRow {
  uploadId: string
  bucket: string
  key: string
  initiated: number
  meta: ObjectMeta & { checksumAlgorithm?: string }
}

export interface PartRow {
  partNumber: number
  blobId: string
  size: number
  etag: string
  lastModified: number
  checksums: Record<string, string>
}

interface ObjectSqlRow {
  bucket: string
  key: string
  seq: number
  version_id: string
  is_latest: number
  is_delete_marker: number
  size: number
  etag: string
  last_modified: number
  blobs: string
  inline_id: number | null
  meta: string
  /** What a listing shows of `meta` as JSON; null when nothing (migration 5). */
  listed: string | null
}

/** Exported for tests that build a data dir as an older Millrace left it. */
export const S3_MIGRATIONS = [
  {
    version: 1,
    name: 'buckets, objects, uploads, parts',
    up: `
CREATE TABLE s3_buckets (
  name TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  versioning TEXT,
  config TEXT NOT NULL
);
CREATE INDEX s3_buckets_by_account ON s3_buckets(account, name);
CREATE TABLE s3_objects (
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  seq INTEGER NOT NULL,
  version_id TEXT NOT NULL,
  is_latest INTEGER NOT NULL,
  is_delete_marker INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  blobs TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (bucket, key, seq)
) WITHOUT ROWID;
CREATE INDEX s3_objects_current ON s3_objects(bucket, key) WHERE is_latest = 1 AND is_delete_marker = 0;
CREATE TABLE s3_uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  initiated INTEGER NOT NULL,
  meta TEXT NOT NULL
);
CREATE INDEX s3_uploads_by_key ON s3_uploads(bucket, key, initiated);
CREATE TABLE s3_parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  checksums TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'blob intents',
    // A blob id is noted before its file is written (or unlinked) and settled when a committed
    // row references it (or the unlink finished): what a crash leaves here is checked on open.
    up: 'CREATE TABLE s3_blob_intents (id TEXT PRIMARY KEY) WITHOUT ROWID;',
  },
  {
    version: 3,
    name: 'keys as TEXT',
    // BLOB keys cost a Buffer per row read plus a UTF-8 decode; TEXT sorts the same (memcmp of
    // UTF-8) and comes back as a string. CAST reads the BLOB's bytes as UTF-8 text, unchanged.
    // Uploads keep their rowids: listings order same-key uploads by them.
    up: `
CREATE TABLE s3_objects_text (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  version_id TEXT NOT NULL,
  is_latest INTEGER NOT NULL,
  is_delete_marker INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  blobs TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (bucket, key, seq)
) WITHOUT ROWID;
INSERT INTO s3_objects_text SELECT bucket, CAST(key AS TEXT), seq, version_id, is_latest,
  is_delete_marker, size, etag, last_modified, blobs, meta FROM s3_objects;
DROP TABLE s3_objects;
ALTER TABLE s3_objects_text RENAME TO s3_objects;
CREATE INDEX s3_objects_current ON s3_objects(bucket, key) WHERE is_latest = 1 AND is_delete_marker = 0;
CREATE TABLE s3_uploads_text (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  initiated INTEGER NOT NULL,
  meta TEXT NOT NULL
);
INSERT INTO s3_uploads_text (rowid, upload_id, bucket, key, initiated, meta)
  SELECT rowid, upload_id, bucket, CAST(key AS TEXT), initiated, meta FROM s3_uploads;
DROP TABLE s3_uploads;
ALTER TABLE s3_uploads_text RENAME TO s3_uploads;
CREATE INDEX s3_uploads_by_key ON s3_uploads(bucket, key, initiated);
`,
  },
  {
    version: 4,
    name: 'inline bodies',
    // Small bodies live here rather than in a file each (create, write, rename, and later open,
    // read, close, unlink cost more than the bytes): written in the transaction that commits
    // their version, so a crash leaves the whole object or none of it. A side table rather than
    // a column keeps object rows small, so listings scan as few pages as before.
    up: `
CREATE TABLE s3_inline (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
ALTER TABLE s3_objects ADD COLUMN inline_id INTEGER;
`,
  },
  {
    version: 5,
    name: 'listed metadata',
    // What a listing shows of `meta` (checksums, checksum type, storage class), kept apart and
    // NULL for most objects: deciding it from `meta` per listed row (two instr() over the JSON)
    // was a fifth of a 100-key page's store time. Older rows keep their whole `meta` here, which
    // reads the same (listedMeta parses the members it needs).
    up: `
ALTER TABLE s3_objects ADD COLUMN listed TEXT;
UPDATE s3_objects SET listed = meta
  WHERE instr(meta, '"checksums":{}') = 0 OR instr(meta, '"storageClass":') > 0;
`,
  },
]

/**
 * A current version as listObjects reads it: one text per row, `size etag modified listed\x01key`
 * (`listed` empty for plain objects). One JS string per row costs less than five values; the
 * key comes last so it may hold any character, and nothing before it holds \x01 (sizes, times,
 * hex ETags, and `listed` is JSON, which escapes control characters).
 */
type CurrentRow = string

const CURRENT_ROW_SQL = `size || ' ' || etag || ' ' || last_modified || ' ' || ifnull(listed, '') || char(1) || key`

const keyOfCurrent = (r: CurrentRow): string => r.slice(r.indexOf('\x01') + 1)

/** The listed metadata of most objects: no checksums, the default storage class. */
const PLAIN_META: ListedMeta = Object.freeze({ checksums: Object.freeze({}) })

/**
 * The `listed` column of a version: its listed metadata as JSON, or null when plain. A listing
 * shows which checksums an object has, not their values, so the values are left out: objects
 * written alike (the SDKs add a CRC32 to every upload) share one text, parsed once.
 */
const listedText = (meta: ObjectMeta): string | null => {
  const algorithms = Object.keys(meta.checksums)
  if (algorithms.length === 0 && meta.storageClass === undefined) return null
  const listed: ListedMeta = {
    checksums: Object.fromEntries(algorithms.map((a) => [a, ''])),
    ...(meta.checksumType !== undefined ? { checksumType: meta.checksumType } : {}),
    ...(meta.storageClass !== undefined ? { storageClass: meta.storageClass } : {}),
  }
  return JSON.stringify(listed)
}

/** Parsed `listed` texts (a JSON.parse per row was ~0.25 µs of a listing's ~1.3 µs a row). */
const parsedListed = new Map<string, ListedMeta>()

const listedMeta = (text: string | null): ListedMeta => {
  if (text === null || text === '') return PLAIN_META
  let meta = parsedListed.get(text)
  if (meta === undefined) {
    meta = Object.freeze(JSON.parse(text) as ListedMeta)
    // Rows migrated from before `listed` existed carry their whole metadata: unbounded variety.
    if (parsedListed.size >= 1024) parsedListed.clear()
    parsedListed.set(text, meta)
  }
  return meta
}

const fromCurrent = (r: CurrentRow): ListedObject => {
  const a = r.indexOf(' ')
  const b = r.indexOf(' ', a + 1)
  const c = r.indexOf(' ', b + 1)
  const d = r.indexOf('\x01', c + 1)
  return {
    key: r.slice(d + 1),
    isLatest: true,
    isDeleteMarker: false,
    size: Number(r.slice(0, a)),
    etag: r.slice(a + 1, b),
    lastModified: Number(r.slice(b + 1, c)),
    meta: listedMeta(r.slice(c + 1, d)),
  }
}

/** What listVersions needs (not the body's blob list): fewer columns, cheaper rows. */
const VERSION_COLUMNS =
  'key, version_id, is_latest, is_delete_marker, size, etag, last_modified, listed'

const fromVersion = (r: ObjectSqlRow): ListedObject => ({
  key: r.key,
  versionId: r.version_id,
  isLatest: r.is_latest === 1,
  isDeleteMarker: r.is_delete_marker === 1,
  size: r.size,
  etag: r.etag,
  lastModified: r.last_modified,
  meta: listedMeta(r.listed),
})

const toObject = (r: ObjectSqlRow): ObjectRow => ({
  bucket: r.bucket,
  key: r.key,
  seq: r.seq,
  versionId: r.version_id,
  isLatest: r.is_latest === 1,
  isDeleteMarker: r.is_delete_marker === 1,
  size: r.size,
  etag: r.etag,
  lastModified: r.last_modified,
  blobs: JSON.parse(r.blobs) as BlobSegment[],
  ...(r.inline_id !== null ? { inlineId: r.inline_id } : {}),
  meta: JSON.parse(r.meta) as ObjectMeta,
})

export const openS3Store = (db: MetadataStore) => {
  db.migrate('s3', S3_MIGRATIONS)
  let seq = db.get<{ m: number | null }>('SELECT max(seq) AS m FROM s3_objects')?.m ?? 0

  // Every request reads its bucket's row and buckets rarely change: rows are kept (frozen) after
  // a read and dropped by any change to them, after it, whether it committed or rolled back. One
  // process owns the data dir (its lock), so no other writer can change them behind our back.
  const buckets = new Map<string, BucketRow>()
  const changingBucket = <T>(name: string, change: () => T): T => {
    try {
      return change()
    } finally {
      buckets.delete(name)
    }
  }

  const settleBlob = (id: string): void => {
    db.run('DELETE FROM s3_blob_intents WHERE id = ?', [id])
  }

  const insertObject = ({ inline, ...o }: NewVersion & { isLatest: boolean }): ObjectRow => {
    const inlineId =
      inline === undefined
        ? undefined
        : Number(db.run('INSERT INTO s3_inline (data) VALUES (?)', [inline]).lastInsertRowid)
    const row: ObjectRow = { ...o, seq: ++seq, ...(inlineId !== undefined ? { inlineId } : {}) }
    db.run(
      `INSERT INTO s3_objects (bucket, key, seq, version_id, is_latest, is_delete_marker, size, etag,
       last_modified, blobs, meta, inline_id, listed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        row.bucket,
        row.key,
        row.seq,
        row.versionId,
        row.isLatest ? 1 : 0,
        row.isDeleteMarker ? 1 : 0,
        row.size,
        row.etag,
        row.lastModified,
        JSON.stringify(row.blobs),
        JSON.stringify(row.meta),
        inlineId ?? null,
        listedText(row.meta),
      ],
    )
    for (const b of row.blobs) settleBlob(b.id)
    return row
  }

  /** Removes one version's row and its inline body (files are the caller's, after commit). */
  const removeVersion = (
    bucket: string,
    key: string,
    r: { seq: number; inline_id: number | null },
  ) => {
    db.run('DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND seq = ?', [bucket, key, r.seq])
    if (r.inline_id !== null) db.run('DELETE FROM s3_inline WHERE id = ?', [r.inline_id])
  }

  const bucketOf = (r: {
    name: string
    account: string
    region: string
    created_at: number
    versioning: string | null
    config: string
  }): BucketRow => ({
    name: r.name,
    account: r.account,
    region: r.region,
    createdAt: r.created_at,
    versioning: (r.versioning ?? undefined) as BucketRow['versioning'],
    config: JSON.parse(r.config) as BucketConfig,
  })

  /**
   * Makes `row` the key's latest version. Unversioned/suspended buckets replace the `null`
   * version; returns the blobs no longer referenced (removed by the caller after commit).
   */
  const putVersion = (row: NewVersion): { row: ObjectRow; freed: BlobSegment[] } =>
    db.transaction(() => {
      const key = row.key
      const freed: BlobSegment[] = []
      if (row.versionId === 'null') {
        const old = db.get<Pick<ObjectSqlRow, 'seq' | 'blobs' | 'inline_id'>>(
          `SELECT seq, blobs, inline_id FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = 'null'`,
          [row.bucket, key],
        )
        if (old) {
          freed.push(...(JSON.parse(old.blobs) as BlobSegment[]))
          removeVersion(row.bucket, key, old)
        }
      }
      db.run('UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1', [
        row.bucket,
        key,
      ])
      return { row: insertObject({ ...row, isLatest: true }), freed }
    })

  return {
    // ---- blob intents (crash safety for body files)
    /** Before a body file is written or unlinked: a crash in between leaves this row behind. */
    noteBlob: (id: string): void => {
      db.run('INSERT OR IGNORE INTO s3_blob_intents (id) VALUES (?)', [id])
    },
    settleBlob,
    pendingBlobs: (): string[] =>
      db.all<{ id: string }>('SELECT id FROM s3_blob_intents').map((r) => r.id),
    /** Whether any object version or uploaded part still points at the blob. */
    isBlobReferenced: (id: string): boolean =>
      db.get('SELECT 1 AS x FROM s3_parts WHERE blob_id = ? LIMIT 1', [id]) !== undefined ||
      db.get('SELECT 1 AS x FROM s3_objects WHERE instr(blobs, ?) > 0 LIMIT 1', [`"${id}"`]) !==
        undefined,

    // ---- buckets
    getBucket: (name: string): BucketRow | undefined => {
      const hit = buckets.get(name)
      if (hit) return hit
      const r = db.get<Parameters<typeof bucketOf>[0]>('SELECT * FROM s3_buckets WHERE name = ?', [
        name,
      ])
      if (!r) return undefined
      const row = bucketOf(r)
      Object.freeze(row.config)
      // Not while a transaction is open: what it read may yet be rolled back.
      if (!db.inTransaction) buckets.set(name, Object.freeze(row))
      return row
    },
    createBucket: (b: BucketRow): void =>
      changingBucket(b.name, () => {
        db.run(
          'INSERT INTO s3_buckets (name, account, region, created_at, versioning, config) VALUES (?,?,?,?,?,?)',
          [
            b.name,
            b.account,
            b.region,
            b.createdAt,
            b.versioning ?? null,
            JSON.stringify(b.config),
          ],
        )
      }),
    listBuckets: (account: string, after: string, prefix: string, limit: number): BucketRow[] =>
      db
        .all<Parameters<typeof bucketOf>[0]>(
          'SELECT * FROM s3_buckets WHERE account = ? AND name > ? AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?+0',
          [account, after, prefix.length, prefix, limit],
        )
        .map(bucketOf),
    /** False when the bucket still holds object versions or uploads. */
    deleteBucket: (name: string): boolean =>
      changingBucket(name, () =>
        db.transaction(() => {
          if (db.get('SELECT 1 AS x FROM s3_objects WHERE bucket = ? LIMIT 1', [name])) return false
          if (db.get('SELECT 1 AS x FROM s3_uploads WHERE bucket = ? LIMIT 1', [name])) return false
          db.run('DELETE FROM s3_buckets WHERE name = ?', [name])
          return true
        }),
      ),
    setVersioning: (name: string, status: 'Enabled' | 'Suspended'): void =>
      changingBucket(name, () => {
        db.run('UPDATE s3_buckets SET versioning = ? WHERE name = ?', [status, name])
      }),
    updateConfig: (name: string, change: (c: BucketConfig) => BucketConfig): void =>
      changingBucket(name, () =>
        db.transaction(() => {
          const r = db.get<{ config: string }>('SELECT config FROM s3_buckets WHERE name = ?', [
            name,
          ])
          if (!r) return
          const next = change(JSON.parse(r.config) as BucketConfig)
          db.run('UPDATE s3_buckets SET config = ? WHERE name = ?', [JSON.stringify(next), name])
        }),
      ),

    // ---- objects
    /** The latest version (possibly a delete marker), or a given version. */
    getObject: (bucket: string, key: string, versionId?: string): ObjectRow | undefined => {
      const r =
        versionId === undefined
          ? db.get<ObjectSqlRow>(
              'SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1',
              [bucket, key],
            )
          : db.get<ObjectSqlRow>(
              'SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?',
              [bucket, key, versionId],
            )
      return r && toObject(r)
    },
    putVersion,
    /** An inline body's bytes (read in the same tick as its row, so no writer can intervene). */
    inlineBody: (id: number): Buffer | undefined =>
      db.get<{ data: Buffer }>('SELECT data FROM s3_inline WHERE id = ?', [id])?.data,
    /** Removes one version; the next newest becomes latest. Returns the removed row. */
    deleteVersion: (bucket: string, key: string, versionId: string): ObjectRow | undefined =>
      db.transaction(() => {
        const k = key
        const r = db.get<ObjectSqlRow>(
          'SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?',
          [bucket, k, versionId],
        )
        if (!r) return undefined
        removeVersion(bucket, k, r)
        if (r.is_latest === 1) {
          db.run(
            `UPDATE s3_objects SET is_latest = 1 WHERE bucket = ? AND key = ? AND seq =
             (SELECT max(seq) FROM s3_objects WHERE bucket = ? AND key = ?)`,
            [bucket, k, bucket, k],
          )
        }
        return toObject(r)
      }),
    setObjectMeta: (bucket: string, key: string, seq: number, meta: ObjectMeta): void => {
      db.run(
        'UPDATE s3_objects SET meta = ?, listed = ? WHERE bucket = ? AND key = ? AND seq = ?',
        [JSON.stringify(meta), listedText(meta), bucket, key, seq],
      )
    },

    /**
     * Current objects in key order from `q.from`, folding keys that contain the delimiter after
     * the prefix into common prefixes; each common prefix costs one seek past its keys.
     */
    listObjects: (bucket: string, q: ListQuery): ListResult =>
      listRange<CurrentRow>(q, {
        scan: (from, to, limit) =>
          batches(
            (f, n) =>
              db.column<CurrentRow>(
                to
                  ? `SELECT ${CURRENT_ROW_SQL} FROM s3_objects WHERE bucket = ? AND key >= ? AND key < ? AND is_latest = 1 AND is_delete_marker = 0 ORDER BY key LIMIT ?+0`
                  : `SELECT ${CURRENT_ROW_SQL} FROM s3_objects WHERE bucket = ? AND key >= ? AND is_latest = 1 AND is_delete_marker = 0 ORDER BY key LIMIT ?+0`,
                to ? [bucket, f, to, n] : [bucket, f, n],
              ),
            keyOfCurrent,
            from,
            limit,
          ),
        prefixRun: (from, to, limit) => prefixRun(db, bucket, q, from, to, limit),
        keyOf: keyOfCurrent,
        decode: fromCurrent,
      }),
    /** All versions (and delete markers), key ascending then newest first. */
    listVersions: (bucket: string, q: ListQuery): ListResult =>
      listRange<ObjectSqlRow>(q, {
        // A cursor, so one key's versions are never split across batches.
        scan: (from, to) =>
          db.iterate<ObjectSqlRow>(
            to
              ? `SELECT ${VERSION_COLUMNS} FROM s3_objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key, seq DESC`
              : `SELECT ${VERSION_COLUMNS} FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key, seq DESC`,
            to ? [bucket, from, to] : [bucket, from],
          ),
        keyOf: (r) => r.key,
        decode: fromVersion,
      }),

    // ---- multipart
    createUpload: (u: UploadRow): void => {
      db.run(
        'INSERT INTO s3_uploads (upload_id, bucket, key, initiated, meta) VALUES (?,?,?,?,?)',
        [u.uploadId, u.bucket, u.key, u.initiated, JSON.stringify(u.meta)],
      )
    },
    getUpload: (uploadId: string): UploadRow | undefined => {
      const r = db.get<{
        upload_id: string
        bucket: string
        key: string
        initiated: number
        meta: string
      }>('SELECT * FROM s3_uploads WHERE upload_id = ?', [uploadId])
      return (
        r && {
          uploadId: r.upload_id,
          bucket: r.bucket,
          key: r.key,
          initiated: r.initiated,
          meta: JSON.parse(r.meta) as UploadRow['meta'],
        }
      )
    },
    /** Uploads in (key, initiation) order from `start` (inclusive, at least the prefix). */
    listUploads: (bucket: string, prefix: string, start: string, limit: number): UploadRow[] => {
      const to = successorOf(prefix)
      const from = compareKeys(start, prefix) > 0 ? start : prefix
      return db
        .all<{ upload_id: string; bucket: string; key: string; initiated: number; meta: string }>(
          to
            ? 'SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key, initiated, rowid LIMIT ?+0'
            : 'SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? ORDER BY key, initiated, rowid LIMIT ?+0',
          to ? [bucket, from, to, limit] : [bucket, from, limit],
        )
        .map((r) => ({
          uploadId: r.upload_id,
          bucket: r.bucket,
          key: r.key,
          initiated: r.initiated,
          meta: JSON.parse(r.meta) as UploadRow['meta'],
        }))
    },
    /**
     * Records a part; returns the blob of the part it replaced, if any. False when the upload is
     * gone (completed or aborted while the part streamed): nothing is recorded.
     */
    putPart: (uploadId: string, p: PartRow): { replaced?: string } | false =>
      db.transaction(() => {
        if (!db.get('SELECT 1 AS x FROM s3_uploads WHERE upload_id = ?', [uploadId])) return false
        const old = db.get<{ blob_id: string }>(
          'SELECT blob_id FROM s3_parts WHERE upload_id = ? AND part_number = ?',
          [uploadId, p.partNumber],
        )
        db.run(
          `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksums)
           VALUES (?,?,?,?,?,?,?)`,
          [
            uploadId,
            p.partNumber,
            p.blobId,
            p.size,
            p.etag,
            p.lastModified,
            JSON.stringify(p.checksums),
          ],
        )
        settleBlob(p.blobId)
        return old ? { replaced: old.blob_id } : {}
      }),
    listParts: (uploadId: string, after = 0, limit = 10000): PartRow[] =>
      db
        .all<{
          part_number: number
          blob_id: string
          size: number
          etag: string
          last_modified: number
          checksums: string
        }>(
          'SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?+0',
          [uploadId, after, limit],
        )
        .map((r) => ({
          partNumber: r.part_number,
          blobId: r.blob_id,
          size: r.size,
          etag: r.etag,
          lastModified: r.last_modified,
          checksums: JSON.parse(r.checksums) as Record<string, string>,
        })),
    /** Drops the upload and its part rows; returns every part blob (the caller keeps the used ones). */
    endUpload: (uploadId: string): string[] =>
      db.transaction(() => {
        const blobs = db
          .all<{ blob_id: string }>('SELECT blob_id FROM s3_parts WHERE upload_id = ?', [uploadId])
          .map((r) => r.blob_id)
        db.run('DELETE FROM s3_parts WHERE upload_id = ?', [uploadId])
        db.run('DELETE FROM s3_uploads WHERE upload_id = ?', [uploadId])
        return blobs
      }),
    transaction: <T>(fn: () => T): T => db.transaction(fn),
    /** `fn` in a transaction shared with the other writes of this event-loop turn (group commit). */
    groupTransaction: groupCommit(db),
  }
}

export type S3Store = ReturnType<typeof openS3Store>

/** The current key at or after `from` (below `to`) matching `WHERE`; the partial index covers it. */
const currentKeyAt = (bound: string, to: string | undefined): string =>
  `SELECT key FROM s3_objects WHERE bucket = :bucket AND key >= ${bound}${to ? ' AND key < :to' : ''}
   AND is_latest = 1 AND is_delete_marker = 0 ORDER BY key LIMIT 1`

/**
 * The keys of a run of common prefixes (ListSource.prefixRun) from one statement: a recursive
 * query seeks past each common prefix inside SQLite, about a third of the cost of a statement
 * per prefix. The seek target is the key up to its delimiter followed by successorOf(delimiter)
 * (the successor of the common prefix); positions count code points, as SQLite's substr and
 * instr do on TEXT. SQLite's dialect: a PostgreSQL store would use strpos/substring.
 */
const prefixRun = (
  db: MetadataStore,
  bucket: string,
  q: ListQuery,
  from: string,
  to: string | undefined,
  limit: number,
): string[] => {
  const past = q.delimiter ? successorOf(q.delimiter) : undefined
  const params = { bucket, from, ...(to ? { to } : {}) }
  // A delimiter of only U+10FFFF has no successor: one key, and the walk seeks from JS.
  if (!q.delimiter || past === undefined) {
    const key = db.get<{ key: string }>(currentKeyAt(':from', to), params)?.key
    return key === undefined ? [] : [key]
  }
  const cut = 'instr(substr(k, :plen + 1), :delim)'
  return db.column<string>(
    `WITH RECURSIVE run(k) AS (
         SELECT (${currentKeyAt(':from', to)})
         UNION ALL
         SELECT (${currentKeyAt(`substr(k, 1, :plen + ${cut} - 1) || :past`, to)})
         FROM run WHERE k IS NOT NULL AND ${cut} > 0
         LIMIT :limit + 0
       ) SELECT k FROM run WHERE k IS NOT NULL`,
    { ...params, plen: Array.from(q.prefix).length, delim: q.delimiter, past, limit },
  )
}
