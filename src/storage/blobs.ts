/**
 * Object bodies as files under the data dir's objects/ directory, named by an internal random
 * id (never by a user's key, so no user input becomes a path). Written through a temp file and
 * renamed (a crash leaves either the whole file or only a temp file the data dir sweeps), read
 * back as streams with optional byte ranges, both with bounded memory.
 */
import { randomBytes } from 'node:crypto'
import { type FileHandle, mkdir, open as openFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { type FsyncPolicy, writeStreamAtomic } from './atomic-write.js'

export interface BlobWriteOptions {
  /** Sees every chunk in order (hashes for ETags and checksums). */
  onChunk?: (chunk: Buffer) => void
  maxBytes?: number
  signal?: AbortSignal
}

/** A piece of a stored body: one blob file, or a byte window of one. */
export interface BlobSegment {
  id: string
  size: number
}

export interface BlobStore {
  /** Creates the fan-out directories; call once before writing. */
  init(): Promise<void>
  /** A new id for a blob about to be written (so callers can record it before writing). */
  newId(): string
  write(
    id: string,
    source: Readable | AsyncIterable<Uint8Array>,
    options?: BlobWriteOptions,
  ): Promise<{ size: number }>
  /**
   * Streams bytes [start, end] (inclusive) of the concatenation of `segments` (a multipart
   * object is kept as its parts' files, so completing an upload copies nothing).
   */
  open(segments: readonly BlobSegment[], start?: number, end?: number): Promise<Readable>
  /** Reads a small window of one blob into memory (cheaper to send than a stream). */
  readSmall(segment: BlobSegment, start: number, end: number): Promise<Buffer>
  /** Removes a blob; a missing one is fine (removal is idempotent so crash recovery can repeat it). */
  remove(id: string): Promise<void>
}

const isValidId = (id: string): boolean => /^[0-9a-f]{32}$/.test(id)

export const createBlobStore = (dir: {
  objectsDir: string
  tmpDir: string
  fsync: FsyncPolicy
}): BlobStore => {
  // One level of 256-way fan-out, created up front: a rename into a missing directory costs a
  // failed rename plus a mkdir, which dominated small PUTs. 1M objects ≈ 4k files a directory.
  const pathOf = (id: string): string => {
    if (!isValidId(id)) throw new Error(`invalid blob id ${JSON.stringify(id)}`)
    return join(dir.objectsDir, id.slice(0, 2), id)
  }

  /**
   * Opens every file the window touches before returning, so a concurrent overwrite (which
   * unlinks the old blob) cannot pull a body out from under a response already started.
   */
  const open = async (
    segments: readonly BlobSegment[],
    start = 0,
    end?: number,
  ): Promise<Readable> => {
    const total = segments.reduce((n, s) => n + s.size, 0)
    const last = Math.min(end ?? total - 1, total - 1)
    const pieces: Array<{ fh: FileHandle; from: number; to: number }> = []
    try {
      let offset = 0
      for (const seg of segments) {
        const segStart = offset
        offset += seg.size
        if (offset <= start || segStart > last || seg.size === 0) continue
        const fh = await openFile(pathOf(seg.id), 'r')
        pieces.push({
          fh,
          from: Math.max(start, segStart) - segStart,
          to: Math.min(last, offset - 1) - segStart,
        })
      }
    } catch (e) {
      for (const p of pieces) await p.fh.close()
      throw e
    }
    if (pieces.length === 1) {
      const p = pieces[0]!
      return p.fh.createReadStream({ start: p.from, end: p.to, highWaterMark: 256 * 1024 })
    }
    const closeAll = async (from: number): Promise<void> => {
      for (const p of pieces.slice(from)) await p.fh.close().catch(() => {})
    }
    async function* concat(): AsyncGenerator<Buffer> {
      let i = 0
      try {
        for (; i < pieces.length; i++) {
          const p = pieces[i]!
          yield* p.fh.createReadStream({ start: p.from, end: p.to, highWaterMark: 256 * 1024 })
        }
      } finally {
        await closeAll(i + 1)
      }
    }
    return Readable.from(concat(), { objectMode: false })
  }

  return {
    init: async () => {
      const names = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
      await Promise.all(names.map((n) => mkdir(join(dir.objectsDir, n), { recursive: true })))
    },
    newId: () => randomBytes(16).toString('hex'),
    write: async (id, source, options = {}) => {
      // Bytes arriving while a write is in flight gather in the writer and go down in one
      // writev (writeStreamAtomic), without a copy into one buffer.
      return writeStreamAtomic(pathOf(id), source, {
        tmpDir: dir.tmpDir,
        fsync: dir.fsync,
        ...(options.onChunk ? { onChunk: options.onChunk } : {}),
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    },
    open,
    readSmall: async (segment, start, end) => {
      const length = Math.max(0, end - start + 1)
      const fh = await openFile(pathOf(segment.id), 'r')
      try {
        const buf = Buffer.allocUnsafe(length)
        let done = 0
        while (done < length) {
          const { bytesRead } = await fh.read(buf, done, length - done, start + done)
          if (bytesRead === 0) break
          done += bytesRead
        }
        return done === length ? buf : buf.subarray(0, done)
      } finally {
        await fh.close()
      }
    },
    remove: async (id) => {
      try {
        await unlink(pathOf(id))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      }
    },
  }
}
