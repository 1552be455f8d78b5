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
  /** Removes a blob this request wrote but will not commit (a failed check or precondition). */
  discard(id: string): Promise<void>
  close(): Promise<void>
}

export const openS3 = async (host: ServiceHost): Promise<S3State> => {
  const store = openS3Store(host.dataDir.metadata)
  const blobs = createBlobStore(host.dataDir)
  await blobs.init()
  // Intents left by the previous process (a crash between a body file's rename and its row's
  // commit, or between a commit and unlinking what it freed): snapshotted before any request
  // runs, so no upload of this process is among them; checked in the background.
  const leftovers = store.pendingBlobs()
  if (leftovers.length > 0) {
    host.scheduler.schedule({
      name: `s3: check ${leftovers.length} body files left by an interrupted write`,
      kind: 's3-blob-sweep',
      run: async () => {
        for (const id of leftovers) {
          if (!store.isBlobReferenced(id)) await blobs.remove(id)
          store.settleBlob(id)
        }
      },
    })
  }
  return {
    store,
    blobs,
    bus: host.bus,
    credentials: host.credentials,
    release: (ids) => {
      for (const id of ids) {
        store.noteBlob(id)
        blobs.remove(id).then(
          () => store.settleBlob(id),
          (err: unknown) => host.log.warn({ err, id }, 's3: blob removal failed'),
        )
      }
    },
    discard: async (id) => {
      await blobs.remove(id)
      store.settleBlob(id)
    },
    close: async () => {},
  }
}

export const s3Of = (ctx: { services: { get<T>(id: string): T } }): S3State =>
  ctx.services.get<S3State>('s3')
