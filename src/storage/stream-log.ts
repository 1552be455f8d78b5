/**
 * Per-shard append-only log: segment files `<base offset>.log` in one directory, each record a
 * frame `[u32 body length][u32 reserved][body]`, body `[f64 arrival ms][u16 key length][key][data]`;
 * each group commit ends with a marker `[u32 0xFFFFFFFF][u32 crc32(the group's frames)]`. One
 * checksum per group instead of per record keeps the put path cheap; a group without a valid
 * marker (a torn write) is cut off on open, so a record exists only if its whole group does.
 *
 * - Group commit: every append made in one event-loop turn joins one `writev` at the end of the
 *   turn (setImmediate), so concurrent puts share one system call, and one fdatasync under
 *   `fsync always`. The writev itself is synchronous, as Redis writes its AOF at the end of each
 *   loop turn: it only copies a group's bytes into the page cache (~3 µs), where handing it to
 *   libuv's thread pool costs ~15 µs of CPU in thread switches and wake-ups per group — most of
 *   a single-record PutRecord. What can take long, fdatasync, stays asynchronous.
 * - Offsets are assigned synchronously at append time, so order within a shard is call order.
 * - A sparse in-memory index (one entry per INDEX_EVERY bytes) keeps memory flat however much
 *   is stored; sealed segments persist theirs as `<base>.idx` so opening does not rescan them.
 * - Opening validates the tail of the last segment and truncates a torn frame left by a crash.
 * - Retention deletes whole segments; readers skip individually expired records.
 */
import { constants, writevSync } from 'node:fs'
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { fsyncDir } from './atomic-write.js'

export type LogFsync = 'never' | 'batch' | 'always'

export interface LogRecord {
  offset: number
  arrival: number
  partitionKey: string
  data: Buffer
}

export interface ReadResult {
  records: LogRecord[]
  /** Offset to continue from. */
  next: number
  bytes: number
}

export interface ShardLog {
  /** Offset the next append gets. */
  readonly nextOffset: number
  /** Records below this offset are written and readable. */
  readonly durableOffset: number
  /** First offset still stored (whole segments below it were removed by retention). */
  readonly trimOffset: number
  /** Arrival time of the newest durable record (0 when empty). */
  readonly lastArrival: number
  /**
   * Queues one record; returns its offset now and settles `done` once it is written (and synced
   * under `fsync always`). All appends of one group share the same `done` promise.
   */
  append(partitionKey: string, data: Uint8Array, arrival: number): number
  /** The promise the appends queued since the last call to it settle with. */
  commit(): Promise<void>
  read(from: number, limit: number, maxBytes: number, minArrival: number): Promise<ReadResult>
  /** First offset whose arrival is >= ts (nextOffset when none). */
  offsetAtTime(ts: number): Promise<number>
  /** Deletes whole segments whose newest record arrived before `minArrival`. */
  dropBefore(minArrival: number): Promise<number>
  close(): Promise<void>
  /** Closes and deletes the shard's files. */
  destroy(): Promise<void>
}

export interface ShardLogOptions {
  fsync: LogFsync
  /** Roll to a new segment once the active one reaches this size. */
  segmentBytes?: number
  /** Interval of background fdatasync under `fsync batch`. */
  batchSyncMs?: number
}

const HEADER = 8
const BODY_FIXED = 10
const INDEX_EVERY = 64 * 1024
const CHUNK = 256 * 1024
const FIRST_CHUNK = 16 * 1024
const EMPTY = Buffer.alloc(0)
const READ_CHUNK = 1024 * 1024

interface Segment {
  base: number
  count: number
  /** Durable bytes. */
  size: number
  firstTs: number
  lastTs: number
  /** Flattened [offset, pos, ts] triples, ascending. */
  index: number[]
  fh?: FileHandle
}

const segName = (base: number): string => `${String(base).padStart(20, '0')}.log`
const idxName = (base: number): string => `${String(base).padStart(20, '0')}.idx`

interface Waiter {
  promise: Promise<void>
  resolve: () => void
  reject: (e: unknown) => void
}

const newWaiter = (): Waiter => {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A failed group with no listener must not crash the process: callers awaiting it still see it.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}

const MARKER = 0xffffffff
const MARKER_BYTES = 8

/**
 * Scans whole, checksummed groups from the start of `buf`, calling `each` for their records;
 * returns the end of the last valid group (where a torn tail begins).
 */
const scanFrames = (
  buf: Buffer,
  each: (pos: number, bodyLen: number, arrival: number) => void,
): number => {
  let good = 0
  let p = 0
  let pending: number[] = [] // [pos, len, arrival] of the group being checked
  while (p + HEADER <= buf.length) {
    const len = buf.readUInt32LE(p)
    if (len === MARKER) {
      if (crc32(buf.subarray(good, p)) !== buf.readUInt32LE(p + 4)) break
      for (let i = 0; i < pending.length; i += 3)
        each(pending[i]!, pending[i + 1]!, pending[i + 2]!)
      pending = []
      p += MARKER_BYTES
      good = p
      continue
    }
    if (len < BODY_FIXED || p + HEADER + len > buf.length) break
    pending.push(p, len, buf.readDoubleLE(p + HEADER))
    p += HEADER + len
  }
  return good
}

const indexSegment = (seg: Segment, buf: Buffer): number => {
  let nextIndexAt = 0
  const end = scanFrames(buf, (pos, _len, arrival) => {
    if (seg.count === 0) seg.firstTs = arrival
    if (pos >= nextIndexAt) {
      seg.index.push(seg.base + seg.count, pos, arrival)
      nextIndexAt = pos + INDEX_EVERY
    }
    seg.lastTs = arrival
    seg.count++
  })
  seg.size = end
  return end
}

const loadSealedIndex = async (dir: string, seg: Segment, fileSize: number): Promise<boolean> => {
  try {
    const raw = await readFile(join(dir, idxName(seg.base)))
    const nums = new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8)
    if (nums.length < 4 || nums[0] !== fileSize) return false
    seg.size = nums[0]!
    seg.count = nums[1]!
    seg.firstTs = nums[2]!
    seg.lastTs = nums[3]!
    seg.index = Array.from(nums.subarray(4))
    return true
  } catch {
    return false
  }
}

const writeSealedIndex = async (dir: string, seg: Segment): Promise<void> => {
  const nums = new Float64Array([seg.size, seg.count, seg.firstTs, seg.lastTs, ...seg.index])
  await writeFile(join(dir, idxName(seg.base)), Buffer.from(nums.buffer))
}

export const openShardLog = async (dir: string, options: ShardLogOptions): Promise<ShardLog> => {
  const segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024
  await mkdir(dir, { recursive: true })
  const names = (await readdir(dir)).filter((n) => n.endsWith('.log')).sort()
  const segments: Segment[] = []
  for (let i = 0; i < names.length; i++) {
    const seg: Segment = {
      base: Number(names[i]!.slice(0, 20)),
      count: 0,
      size: 0,
      firstTs: 0,
      lastTs: 0,
      index: [],
    }
    const path = join(dir, names[i]!)
    const isLast = i === names.length - 1
    const fh = await open(path, isLast ? constants.O_RDWR | constants.O_APPEND : 'r')
    const { size } = await fh.stat()
    if (isLast || !(await loadSealedIndex(dir, seg, size))) {
      const buf = Buffer.allocUnsafe(size)
      await fh.read(buf, 0, size, 0)
      const end = indexSegment(seg, buf)
      // A torn tail (crash mid-write) is cut off: its put was never acknowledged.
      if (end < size && isLast) await fh.truncate(end)
    }
    seg.fh = fh
    segments.push(seg)
  }
  if (segments.length === 0) {
    const fh = await open(
      join(dir, segName(0)),
      constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
    )
    segments.push({ base: 0, count: 0, size: 0, firstTs: 0, lastTs: 0, index: [], fh })
    if (options.fsync === 'always') await fsyncDir(dir)
  }
  return createLog(dir, segments, options.fsync, segmentBytes, options.batchSyncMs ?? 1000)
}

const createLog = (
  dir: string,
  segments: Segment[],
  fsync: LogFsync,
  segmentBytes: number,
  batchSyncMs: number,
): ShardLog => {
  let active = segments[segments.length - 1]!
  let nextOffset = active.base + active.count
  let durableOffset = nextOffset
  let lastArrival = active.lastTs
  // Pending group: frames packed into shared chunks (no per-record buffers).
  let chunks: Buffer[] = []
  let chunk = EMPTY
  let chunkPos = 0
  let pendingCount = 0
  let pendingMeta: number[] = [] // [relative pos in group, arrival] per record
  let groupBytes = 0
  let waiter: Waiter | undefined
  let isFlushing = false
  let isDirty = false
  let isClosed = false
  let syncTimer: ReturnType<typeof setInterval> | undefined
  if (fsync === 'batch') {
    syncTimer = setInterval(() => {
      if (!isDirty || isClosed) return
      isDirty = false
      active.fh?.datasync().catch(() => undefined)
    }, batchSyncMs)
    syncTimer.unref()
  }

  const ensureRoom = (n: number): void => {
    if (chunkPos + n <= chunk.length) return
    if (chunkPos > 0) chunks.push(chunk.subarray(0, chunkPos))
    // Small first chunk (single-record puts), full-size ones once a group grows.
    chunk = Buffer.allocUnsafe(Math.max(chunks.length === 0 ? FIRST_CHUNK : CHUNK, n))
    chunkPos = 0
  }

  const roll = async (): Promise<void> => {
    const sealed = active
    // A sealed segment is never written again: make it durable once, here, unless told not to.
    if (fsync !== 'never') await sealed.fh?.datasync()
    await writeSealedIndex(dir, sealed)
    const base = sealed.base + sealed.count
    const fh = await open(
      join(dir, segName(base)),
      constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
    )
    active = { base, count: 0, size: 0, firstTs: 0, lastTs: 0, index: [], fh }
    segments.push(active)
    // The new file's directory entry must survive power loss before records in it are acked.
    if (fsync === 'always') await fsyncDir(dir)
  }

  const flush = async (): Promise<void> => {
    isFlushing = true
    while (waiter && !isClosed) {
      if (chunkPos > 0) chunks.push(chunk.subarray(0, chunkPos))
      const bufs = chunks
      const meta = pendingMeta
      const count = pendingCount
      const w = waiter
      chunks = []
      chunk = EMPTY
      chunkPos = 0
      pendingMeta = []
      pendingCount = 0
      groupBytes = 0
      waiter = undefined
      try {
        if (active.size >= segmentBytes) await roll()
        const seg = active
        const fh = seg.fh!
        // One checksum for the whole group, in its commit marker.
        let crc = 0
        for (const b of bufs) crc = crc32(b, crc)
        const marker = Buffer.allocUnsafe(MARKER_BYTES)
        marker.writeUInt32LE(MARKER, 0)
        marker.writeUInt32LE(crc, 4)
        bufs.push(marker)
        let written = 0
        let total = 0
        for (const b of bufs) total += b.length
        while (written < total) {
          written += writevSync(fh.fd, written === 0 ? bufs : sliceFrom(bufs, written))
        }
        if (fsync === 'always') await fh.datasync()
        else isDirty = true
        let nextIndexAt = seg.index.length ? seg.index[seg.index.length - 2]! + INDEX_EVERY : 0
        for (let i = 0; i < count; i++) {
          const pos = seg.size + meta[2 * i]!
          const arrival = meta[2 * i + 1]!
          if (seg.count === 0) seg.firstTs = arrival
          if (pos >= nextIndexAt) {
            seg.index.push(seg.base + seg.count, pos, arrival)
            nextIndexAt = pos + INDEX_EVERY
          }
          seg.count++
          seg.lastTs = arrival
        }
        seg.size += total
        durableOffset += count
        lastArrival = seg.lastTs
        w.resolve()
      } catch (e) {
        // Offsets handed out for this group are lost; later appends would leave a gap, so the
        // log refuses further writes until reopened (which truncates any partial frame).
        isClosed = true
        w.reject(e)
        const later = waiter as Waiter | undefined
        later?.reject(e)
        waiter = undefined
      }
    }
    isFlushing = false
  }

  const append = (partitionKey: string, data: Uint8Array, arrival: number): number => {
    if (isClosed) throw new Error('shard log is closed')
    const keyLen = Buffer.byteLength(partitionKey)
    const bodyLen = BODY_FIXED + keyLen + data.length
    ensureRoom(HEADER + bodyLen)
    const start = chunkPos
    const b = chunk
    b.writeUInt32LE(bodyLen, start)
    b.writeDoubleLE(arrival, start + HEADER)
    b.writeUInt16LE(keyLen, start + HEADER + 8)
    b.write(partitionKey, start + HEADER + BODY_FIXED, keyLen, 'utf8')
    b.set(data, start + HEADER + BODY_FIXED + keyLen)
    b.writeUInt32LE(0, start + 4)
    chunkPos += HEADER + bodyLen
    pendingMeta.push(groupBytes, arrival)
    groupBytes += HEADER + bodyLen
    pendingCount++
    if (!waiter) {
      waiter = newWaiter()
      // setImmediate lets every request parsed in this turn join the same write.
      if (!isFlushing) setImmediate(() => void flush())
    }
    return nextOffset++
  }

  const findSegment = (offset: number): number => {
    let lo = 0
    let hi = segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (segments[mid]!.base <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  const startPos = (seg: Segment, offset: number): [number, number] => {
    const idx = seg.index
    let lo = 0
    let hi = idx.length / 3 - 1
    if (hi < 0 || idx[0]! > offset) return [seg.base, 0]
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (idx[mid * 3]! <= offset) lo = mid
      else hi = mid - 1
    }
    return [idx[lo * 3]!, idx[lo * 3 + 1]!]
  }

  const read = async (
    from: number,
    limit: number,
    maxBytes: number,
    minArrival: number,
  ): Promise<ReadResult> => {
    const records: LogRecord[] = []
    let bytes = 0
    let offset = Math.max(from, segments[0]!.base)
    const end = durableOffset
    let isFull = false
    while (!isFull && offset < end) {
      const seg = segments[findSegment(offset)]!
      const segEnd = seg.base + seg.count
      if (offset >= segEnd) break
      let [cur, pos] = startPos(seg, offset)
      while (!isFull && cur < segEnd) {
        const want = Math.min(seg.size - pos, Math.max(READ_CHUNK, maxBytes - bytes + 4096))
        let buf = Buffer.allocUnsafe(want)
        let { bytesRead } = await seg.fh!.read(buf, 0, want, pos)
        if (bytesRead < HEADER) break
        const head = buf.readUInt32LE(0)
        const first = head === MARKER ? MARKER_BYTES : HEADER + head
        if (first > bytesRead) {
          // One frame larger than the chunk: read it whole.
          buf = Buffer.allocUnsafe(first)
          ;({ bytesRead } = await seg.fh!.read(buf, 0, first, pos))
        }
        let p = 0
        while (p + HEADER <= bytesRead && cur < segEnd) {
          const len = buf.readUInt32LE(p)
          if (len === MARKER) {
            p += MARKER_BYTES
            continue
          }
          if (p + HEADER + len > bytesRead) break
          if (cur >= offset) {
            const arrival = buf.readDoubleLE(p + HEADER)
            if (arrival >= minArrival) {
              const keyLen = buf.readUInt16LE(p + HEADER + 8)
              const dataStart = p + HEADER + BODY_FIXED + keyLen
              const size = len - BODY_FIXED
              if (records.length > 0 && bytes + size > maxBytes) {
                isFull = true
                break
              }
              records.push({
                offset: cur,
                arrival,
                partitionKey: buf.toString('utf8', p + HEADER + BODY_FIXED, dataStart),
                data: buf.subarray(dataStart, p + HEADER + len),
              })
              bytes += size
              if (records.length >= limit) isFull = true
            }
          }
          cur++
          p += HEADER + len
          if (isFull) break
        }
        pos += p
        offset = Math.max(offset, cur)
      }
    }
    return { records, next: offset, bytes }
  }

  const offsetAtTime = async (ts: number): Promise<number> => {
    for (const seg of segments) {
      if (seg.count === 0 || seg.lastTs < ts) continue
      // The last index entry at or before ts bounds the scan.
      let from = seg.base
      for (let i = 0; i < seg.index.length; i += 3) {
        if (seg.index[i + 2]! < ts) from = seg.index[i]!
        else break
      }
      for (;;) {
        const r = await read(from, 10000, 10 * 1024 * 1024, ts)
        if (r.records.length > 0) return r.records[0]!.offset
        if (r.next >= seg.base + seg.count || r.next === from) break
        from = r.next
      }
    }
    return nextOffset
  }

  const dropBefore = async (minArrival: number): Promise<number> => {
    let dropped = 0
    while (segments.length > 1 && segments[0]!.lastTs < minArrival) {
      const seg = segments.shift()!
      await seg.fh?.close()
      await unlink(join(dir, segName(seg.base))).catch(() => undefined)
      await unlink(join(dir, idxName(seg.base))).catch(() => undefined)
      dropped++
    }
    return dropped
  }

  const close = async (): Promise<void> => {
    if (waiter && !isClosed) await waiter.promise.catch(() => undefined)
    while (isFlushing) await new Promise((r) => setImmediate(r))
    isClosed = true
    if (syncTimer) clearInterval(syncTimer)
    if (fsync !== 'never' && isDirty) await active.fh?.datasync().catch(() => undefined)
    for (const seg of segments) await seg.fh?.close().catch(() => undefined)
  }

  return {
    get nextOffset() {
      return nextOffset
    },
    get durableOffset() {
      return durableOffset
    },
    get trimOffset() {
      return segments[0]!.base
    },
    get lastArrival() {
      return lastArrival
    },
    append,
    commit: () => waiter?.promise ?? Promise.resolve(),
    read,
    offsetAtTime,
    dropBefore,
    close,
    destroy: async () => {
      await close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

const sliceFrom = (bufs: Buffer[], skip: number): Buffer[] => {
  const out: Buffer[] = []
  for (const b of bufs) {
    if (skip >= b.length) {
      skip -= b.length
      continue
    }
    out.push(skip > 0 ? b.subarray(skip) : b)
    skip = 0
  }
  return out
}
