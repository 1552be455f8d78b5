/**
 * Reading a stored body for GET and copies, wherever it lives: inline in the metadata store
 * (small bodies) or in blob files.
 */
import type { Readable } from 'node:stream'
import type { S3State } from './state.js'
import type { ObjectRow } from './store.js'

/** Windows of a single file up to this size are read whole: no stream machinery per request. */
const SMALL_READ = 64 * 1024

/**
 * Bytes [start, end] (inclusive) of a version's body: a Buffer when inline or small, else a
 * stream. An inline body is read before this function first yields, i.e. in the same tick as
 * the caller read `row`, so no concurrent overwrite can remove it in between.
 */
export const readBody = async (
  s3: S3State,
  row: ObjectRow,
  start = 0,
  end = row.size - 1,
): Promise<Buffer | Readable> => {
  if (row.inlineId !== undefined) {
    const data = s3.store.inlineBody(row.inlineId)
    if (!data) throw new Error(`s3: inline body ${row.inlineId} of ${row.key} is missing`)
    return start === 0 && end === data.length - 1 ? data : data.subarray(start, end + 1)
  }
  return row.blobs.length === 1 && end - start < SMALL_READ
    ? s3.blobs.readSmall(row.blobs[0]!, start, end)
    : s3.blobs.open(row.blobs, start, end)
}
