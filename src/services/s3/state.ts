/** The S3 service's process-wide state: its metadata store and the blob files. */
import type { CredentialStore } from '../../server/credentials.js'
import type { EventBus } from '../../server/event-bus.js'
import { type BlobStore, createBlobStore } from '../../storage/blobs.js'
import type { ServiceHost } from '../types.js'
import { openS3Store, type S3Store } from './store.js'

export interface S3State {
  store: S3Store
  blobs: BlobStore
  bus: EventBus
  /** Known keys, to verify aws-chunked chunk signatures. */
  credentials: CredentialStore
  /** Removes blobs no longer referenced, after the change that freed them committed. */
  release(ids: readonly string[]): void
  close(): Promise<void>
}

export const openS3 = async (host: ServiceHost): Promise<S3State> => {
  const store = openS3Store(host.dataDir.metadata)
  const blobs = createBlobStore(host.dataDir)
  await blobs.init()
  return {
    store,
    blobs,
    bus: host.bus,
    credentials: host.credentials,
    release: (ids) => {
      for (const id of ids)
        blobs
          .remove(id)
          .catch((err: unknown) => host.log.warn({ err, id }, 's3: blob removal failed'))
    },
    close: async () => {},
  }
}

export const s3Of = (ctx: { services: { get<T>(id: string): T } }): S3State =>
  ctx.services.get<S3State>('s3')
