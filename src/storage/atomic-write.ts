import { randomUUID } from 'node:crypto'
import { type FileHandle, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * How hard writes try to survive power loss (a process crash is survived by all of them,
 * since data is renamed into place only once fully written).
 * - never: no fsync; the OS flushes when it likes.
 * - batch: fsync the file before rename; callers may group several writes per flush.
 * - always: fsync the file, and the directory after rename so the new name is durable too.
 */
export type FsyncPolicy = 'never' | 'batch' | 'always'

export interface AtomicWriteOptions {
  /** Directory for temp files; must be on the same filesystem as the target (rename is atomic only there). */
  tmpDir: string
  fsync: FsyncPolicy
  signal?: AbortSignal
  /** File mode for the new file. */
  mode?: number
}

export interface StreamWriteOptions extends AtomicWriteOptions {
  /** Sees every chunk in order, e.g. to feed MD5/SHA-256/CRC hashes for ETags and checksums. */
  onChunk?: (chunk: Buffer) => void
  /** Fails the write with StreamTooLargeError once more than this many bytes arrive. */
  maxBytes?: number
}

export interface StreamWriteResult {
  size: number
}

export class StreamTooLargeError extends Error {
  override name = 'StreamTooLargeError'
  constructor(readonly limit: number) {
    super(`stream exceeded the limit of ${limit} bytes`)
  }
}

const TMP_SUFFIX = '.tmp'

const tempPathIn = (tmpDir: string): string => join(tmpDir, `${randomUUID()}${TMP_SUFFIX}`)

const isErrno = (e: unknown, ...codes: string[]): boolean =>
  e instanceof Error && codes.includes((e as NodeJS.ErrnoException).code ?? '')

/** Makes a directory entry change (create, rename, unlink) durable. */
export const fsyncDir = async (dir: string): Promise<void> => {
  let fh: FileHandle | undefined
  try {
    fh = await open(dir, 'r')
    await fh.sync()
  } catch (e) {
    // Some platforms/filesystems refuse fsync on directories; nothing more can be done there.
    if (!isErrno(e, 'EISDIR', 'EPERM', 'EINVAL', 'EBADF')) throw e
  } finally {
    await fh?.close()
  }
}

const removeQuietly = async (path: string): Promise<void> => {
  try {
    await unlink(path)
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e
  }
}

// Renames into place, creating the target's directory on demand (object stores fan out into subdirs).
const renameIntoPlace = async (tmp: string, target: string, fsync: FsyncPolicy): Promise<void> => {
  const dir = dirname(target)
  try {
    await rename(tmp, target)
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e
    const created = await mkdir(dir, { recursive: true })
    await rename(tmp, target)
    if (fsync === 'always' && created !== undefined) await fsyncDir(dirname(created))
  }
  if (fsync === 'always') await fsyncDir(dir)
}

// A single write(2) may be short; loop until the whole chunk is down.
const writeAll = async (fh: FileHandle, chunk: Buffer): Promise<void> => {
  let offset = 0
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.byteLength - offset)
    offset += bytesWritten
  }
}

/**
 * Writes chunks gathered while the previous write was in flight with one writev(2): coalescing
 * without copying them into one buffer. A short write finishes chunk by chunk.
 */
const writevAll = async (fh: FileHandle, chunks: Buffer[]): Promise<void> => {
  let { bytesWritten } = await fh.writev(chunks)
  for (const chunk of chunks) {
    if (bytesWritten >= chunk.byteLength) {
      bytesWritten -= chunk.byteLength
      continue
    }
    await writeAll(fh, bytesWritten > 0 ? chunk.subarray(bytesWritten) : chunk)
    bytesWritten = 0
  }
}

/** Bytes a stream write may gather while one write is in flight (they go down in one writev). */
const GATHER_BYTES = 1024 * 1024

/** Writes `data` to `target` so that readers and crashes see either the old or the new content, never a mix. */
export const writeFileAtomic = async (
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<void> => {
  options.signal?.throwIfAborted()
  const tmp = tempPathIn(options.tmpDir)
  try {
    const fh = await open(tmp, 'wx', options.mode)
    try {
      await fh.writeFile(data)
      if (options.fsync !== 'never') await fh.sync()
    } finally {
      await fh.close()
    }
    options.signal?.throwIfAborted()
    await renameIntoPlace(tmp, target, options.fsync)
  } catch (e) {
    await removeQuietly(tmp)
    throw e
  }
}

/**
 * Streams `source` into `target` through a temp file with bounded memory (backpressure from
 * the file), then renames it into place. On any error or abort the temp file is removed and
 * the previous content of `target`, if any, is untouched.
 */
export const writeStreamAtomic = async (
  target: string,
  source: Readable | AsyncIterable<Uint8Array | string>,
  options: StreamWriteOptions,
): Promise<StreamWriteResult> => {
  options.signal?.throwIfAborted()
  const tmp = tempPathIn(options.tmpDir)
  let size = 0
  const { onChunk, maxBytes } = options
  async function* measure(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
    for await (const raw of chunks) {
      const chunk =
        typeof raw === 'string'
          ? Buffer.from(raw)
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
      size += chunk.byteLength
      if (maxBytes !== undefined && size > maxBytes) throw new StreamTooLargeError(maxBytes)
      onChunk?.(chunk)
      yield chunk
    }
  }
  try {
    const fh = await open(tmp, 'wx', options.mode)
    try {
      // Our own sink rather than fh.createWriteStream: the handle must stay open for fsync after
      // the last write, and one write in flight at a time keeps memory bounded by backpressure;
      // what arrives meanwhile (up to GATHER_BYTES) goes down in one writev, so 64 KiB socket
      // reads do not each cost a thread-pool round trip.
      const out = new Writable({
        highWaterMark: GATHER_BYTES,
        write: (chunk: Buffer, _encoding, done) => {
          writeAll(fh, chunk).then(() => done(), done)
        },
        writev: (chunks, done) => {
          writevAll(
            fh,
            chunks.map((c) => c.chunk as Buffer),
          ).then(() => done(), done)
        },
      })
      await pipeline(source, measure, out, { signal: options.signal })
      if (options.fsync !== 'never') await fh.sync()
    } finally {
      await fh.close()
    }
    options.signal?.throwIfAborted()
    await renameIntoPlace(tmp, target, options.fsync)
    return { size }
  } catch (e) {
    await removeQuietly(tmp)
    throw e
  }
}

/**
 * Removes leftovers of writes interrupted by a crash. Only safe while nobody else writes into
 * `tmpDir`, i.e. at data-dir open under the lock. Returns how many entries were removed.
 */
export const sweepTempDir = async (tmpDir: string): Promise<number> => {
  let entries: string[]
  try {
    entries = await readdir(tmpDir)
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return 0
    throw e
  }
  for (const name of entries) await rm(join(tmpDir, name), { recursive: true, force: true })
  return entries.length
}
