/**
 * MD5 (the ETag) of large bodies on a worker thread, so hashing (≈700 MiB/s on one core) overlaps
 * with receiving and writing the bytes instead of adding to them. Memory stays bounded: a body's
 * chunks in flight to the worker are capped, and the stream waits for the worker past the cap.
 */
import { Worker } from 'node:worker_threads'

// Plain CommonJS evaluated in the worker: the same code runs from src (tsx) and from dist.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const hashes = new Map()
parentPort.on('message', (m) => {
  let h = hashes.get(m.id)
  if (!h) { h = createHash('md5'); hashes.set(m.id, h) }
  if (m.chunk) { h.update(m.chunk); parentPort.postMessage({ id: m.id, done: m.chunk.byteLength }); return }
  hashes.delete(m.id)
  if (m.end) parentPort.postMessage({ id: m.id, digest: h.digest() })
})
`

const MAX_IN_FLIGHT = 8 * 1024 * 1024

interface Pending {
  inFlight: number
  wake?: () => void
  resolve?: (digest: Buffer) => void
}

export interface Md5Offload {
  /** Passes `source` through unchanged while the worker hashes it; `digest` after it ends. */
  tap(source: AsyncIterable<Buffer | Uint8Array>): {
    stream: AsyncIterable<Buffer>
    digest(): Promise<Buffer>
  }
  close(): Promise<void>
}

export const createMd5Offload = (): Md5Offload => {
  let worker: Worker | undefined
  let nextId = 0
  const pending = new Map<number, Pending>()
  const workerOf = (): Worker => {
    if (worker) return worker
    const w = new Worker(WORKER_SOURCE, { eval: true })
    w.unref()
    w.on('message', (m: { id: number; done?: number; digest?: Uint8Array }) => {
      const p = pending.get(m.id)
      if (!p) return
      if (m.done !== undefined) {
        p.inFlight -= m.done
        if (p.inFlight <= MAX_IN_FLIGHT / 2) p.wake?.()
      } else if (m.digest) {
        pending.delete(m.id)
        p.resolve?.(Buffer.from(m.digest))
      }
    })
    worker = w
    return w
  }

  return {
    tap: (source) => {
      const w = workerOf()
      const id = nextId++
      const state: Pending = { inFlight: 0 }
      pending.set(id, state)
      let ended = false
      async function* stream(): AsyncGenerator<Buffer> {
        try {
          for await (const raw of source) {
            const chunk = Buffer.isBuffer(raw)
              ? raw
              : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
            // A copy travels to the worker; the original goes on to the file.
            w.postMessage({ id, chunk: new Uint8Array(chunk) })
            state.inFlight += chunk.byteLength
            if (state.inFlight > MAX_IN_FLIGHT) await new Promise<void>((r) => (state.wake = r))
            state.wake = undefined
            yield chunk
          }
          ended = true
        } finally {
          if (!ended) {
            pending.delete(id)
            w.postMessage({ id, drop: true })
          }
        }
      }
      return {
        stream: stream(),
        digest: () =>
          new Promise<Buffer>((resolve) => {
            state.resolve = resolve
            w.postMessage({ id, end: true })
          }),
      }
    },
    close: async () => {
      await worker?.terminate()
      worker = undefined
    },
  }
}
