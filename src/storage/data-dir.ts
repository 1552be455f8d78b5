import { readFileSync, unlinkSync } from 'node:fs'
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { type FsyncPolicy, fsyncDir, sweepTempDir, writeFileAtomic } from './atomic-write.js'
import type { MetadataStore } from './metadata.js'
import { openSqliteStore } from './sqlite.js'

/** Data-format version this code writes. Bump when the on-disk layout changes incompatibly. */
export const DATA_FORMAT = 1
/** Oldest data format this code can still open (migrating it forward on open). */
export const MIN_DATA_FORMAT = 1

export interface DataDirOptions {
  /** This Millrace's version, recorded in millrace.json and quoted in errors. */
  version: string
  fsync?: FsyncPolicy
  /** Overrides for tests; production code uses DATA_FORMAT / MIN_DATA_FORMAT. */
  format?: number
  minFormat?: number
}

export interface DataDir {
  readonly path: string
  readonly objectsDir: string
  readonly streamsDir: string
  readonly tmpDir: string
  readonly metadata: MetadataStore
  readonly fsync: FsyncPolicy
  /** Format and version recorded when the dir was created. */
  readonly format: number
  readonly createdBy: string
  /** Temp files left by interrupted writes and removed on open. */
  readonly sweptTempFiles: number
  close(): Promise<void>
}

export class DataDirError extends Error {
  override name = 'DataDirError'
}

interface FormatFile {
  format: number
  createdBy: string
}

interface LockInfo {
  pid: number
  host: string
  startedAt: string
}

const FORMAT_FILE = 'millrace.json'
const LOCK_FILE = 'LOCK'

const isErrno = (e: unknown, code: string): boolean =>
  e instanceof Error && (e as NodeJS.ErrnoException).code === code

const isPidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return isErrno(e, 'EPERM')
  }
}

const parseLock = (text: string): LockInfo | undefined => {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.host === 'string'
    ) {
      return { pid: v.pid, host: v.host, startedAt: String(v.startedAt ?? '') }
    }
  } catch {
    // Unparseable: a crash mid-write of the lock itself; treated as stale below.
  }
  return undefined
}

/**
 * Takes the data dir's exclusive lock: a LOCK file created with O_EXCL holding our pid.
 * A lock whose pid is dead (on this host) is stale and replaced. Returns the lock's content.
 */
const acquireLock = async (dir: string): Promise<string> => {
  const lockPath = join(dir, LOCK_FILE)
  const mine = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lockPath, 'wx')
      try {
        await fh.writeFile(mine)
      } finally {
        await fh.close()
      }
      return mine
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e
    }
    let text: string
    try {
      text = await readFile(lockPath, 'utf8')
    } catch (e) {
      if (isErrno(e, 'ENOENT')) continue // released meanwhile
      throw e
    }
    const held = parseLock(text)
    if (held && held.host !== hostname()) {
      // Another machine (shared filesystem): its pids mean nothing here, so never steal.
      throw new DataDirError(
        `data dir ${dir} is in use by process ${held.pid} on host ${held.host} (remove ${lockPath} if that process is gone)`,
      )
    }
    if (held && isPidAlive(held.pid)) {
      throw new DataDirError(`data dir ${dir} is in use by process ${held.pid}`)
    }
    // Stale: re-read right before removing to narrow the window where a peer replaced it.
    const again = await readFile(lockPath, 'utf8').catch(() => undefined)
    if (again === text) await unlink(lockPath).catch(() => undefined)
  }
  throw new DataDirError(
    `data dir ${dir}: could not take its lock ${lockPath}; another process keeps replacing it`,
  )
}

const releaseLockSync = (lockPath: string, mine: string): void => {
  try {
    // Only remove our own lock: after a stale-lock takeover the file may be someone else's.
    if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath)
  } catch {
    // Already gone.
  }
}

const readFormatFile = async (dir: string): Promise<FormatFile | undefined> => {
  const path = join(dir, FORMAT_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return undefined
    throw e
  }
  let v: Partial<FormatFile>
  try {
    v = JSON.parse(text) as Partial<FormatFile>
  } catch {
    throw new DataDirError(
      `data dir ${dir}: ${FORMAT_FILE} is not valid JSON; the data dir is damaged`,
    )
  }
  if (typeof v.format !== 'number' || !Number.isInteger(v.format) || v.format < 1) {
    throw new DataDirError(
      `data dir ${dir}: ${FORMAT_FILE} has no valid "format"; the data dir is damaged`,
    )
  }
  return { format: v.format, createdBy: typeof v.createdBy === 'string' ? v.createdBy : 'unknown' }
}

const checkFormat = (
  dir: string,
  found: FormatFile,
  version: string,
  format: number,
  minFormat: number,
): void => {
  if (found.format > format) {
    throw new DataDirError(
      `data dir ${dir} was written by Millrace format ${found.format} (version ${found.createdBy}); this Millrace (version ${version}) reads format ${format}: upgrade Millrace`,
    )
  }
  if (found.format < minFormat) {
    throw new DataDirError(
      `data dir ${dir} was written by Millrace format ${found.format} (version ${found.createdBy}); this Millrace (version ${version}) reads formats ${minFormat} to ${format} and cannot migrate format ${found.format}: open it with an older Millrace and export it, or start a new data dir`,
    )
  }
}

/**
 * Opens (creating if needed) a data dir: takes its lock, checks its format, sweeps temp
 * leftovers, creates the subdirectories and opens meta.db. Always `close()` it.
 */
export const openDataDir = async (path: string, options: DataDirOptions): Promise<DataDir> => {
  const dir = resolve(path)
  const fsync = options.fsync ?? 'batch'
  const format = options.format ?? DATA_FORMAT
  const minFormat = options.minFormat ?? MIN_DATA_FORMAT
  await mkdir(dir, { recursive: true })
  const lockPath = join(dir, LOCK_FILE)
  const mine = await acquireLock(dir)
  // Crash or Ctrl-C without close(): still free the lock on a normal process exit.
  const onExit = (): void => releaseLockSync(lockPath, mine)
  process.on('exit', onExit)
  const release = (): void => {
    process.off('exit', onExit)
    releaseLockSync(lockPath, mine)
  }

  let metadata: MetadataStore | undefined
  try {
    const tmpDir = join(dir, 'tmp')
    const objectsDir = join(dir, 'objects')
    const streamsDir = join(dir, 'streams')
    let found = await readFormatFile(dir)
    if (found) {
      checkFormat(dir, found, options.version, format, minFormat)
      // Forward migrations of older (still readable) formats go here once a second format exists.
    } else {
      const others = (await readdir(dir)).filter((n) => n !== LOCK_FILE)
      if (others.length > 0) {
        // Guards against `--data-dir ~` or a dir whose millrace.json was lost: never adopt foreign files.
        throw new DataDirError(
          `data dir ${dir} is not empty and has no ${FORMAT_FILE}: refusing to use it (choose a new or empty directory)`,
        )
      }
      await mkdir(tmpDir, { recursive: true })
      found = { format, createdBy: options.version }
      // Written first, so a dir with data but no millrace.json can only be foreign or damaged.
      await writeFileAtomic(join(dir, FORMAT_FILE), `${JSON.stringify(found, null, 2)}\n`, {
        tmpDir,
        fsync: fsync === 'never' ? 'never' : 'always',
      })
    }
    for (const d of [tmpDir, objectsDir, streamsDir]) await mkdir(d, { recursive: true })
    const sweptTempFiles = await sweepTempDir(tmpDir)
    if (fsync === 'always') await fsyncDir(dir)
    metadata = openSqliteStore(join(dir, 'meta.db'), { fsync })
    const store = metadata
    let isClosed = false
    return {
      path: dir,
      objectsDir,
      streamsDir,
      tmpDir,
      metadata: store,
      fsync,
      format: found.format,
      createdBy: found.createdBy,
      sweptTempFiles,
      close: async () => {
        if (isClosed) return
        isClosed = true
        store.close()
        release()
      },
    }
  } catch (e) {
    metadata?.close()
    release()
    throw e
  }
}
