/** Deleting a key or a version, with S3's versioning semantics (delete markers). */
import type { Ctx } from '../types.js'
import { publishRemoved } from './events.js'
import { newVersionId } from './object-write.js'
import type { S3State } from './state.js'
import type { BucketRow } from './store.js'

export interface DeleteResult {
  DeleteMarker?: boolean
  VersionId?: string
}

export const deleteObject = (
  s3: S3State,
  ctx: Ctx,
  bucket: BucketRow,
  key: string,
  versionId: string | undefined,
): DeleteResult => {
  const event = { bucket: bucket.name, key, size: 0, etag: '', time: ctx.now() }
  if (versionId !== undefined || bucket.versioning === undefined) {
    const removed = s3.store.deleteVersion(bucket.name, key, versionId ?? 'null')
    if (!removed) return versionId !== undefined ? { VersionId: versionId } : {}
    s3.release(removed.blobs.map((b) => b.id))
    publishRemoved(s3, {
      ...event,
      ...(bucket.versioning ? { versionId: removed.versionId } : {}),
      eventName: 'ObjectRemoved:Delete',
    })
    if (versionId === undefined) return {}
    return removed.isDeleteMarker
      ? { DeleteMarker: true, VersionId: versionId }
      : { VersionId: versionId }
  }
  const { row, freed } = s3.store.putVersion({
    bucket: bucket.name,
    key,
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    isDeleteMarker: true,
    size: 0,
    etag: '',
    lastModified: ctx.now(),
    blobs: [],
    meta: { headers: {}, userMetadata: {}, checksums: {} },
  })
  s3.release(freed.map((b) => b.id))
  publishRemoved(s3, {
    ...event,
    versionId: row.versionId,
    eventName: 'ObjectRemoved:DeleteMarkerCreated',
  })
  return { DeleteMarker: true, VersionId: row.versionId }
}
