/**
 * Optional per-shard throughput limits (--kinesis-throttle), AWS's provisioned numbers:
 * writes 1 MiB/s or 1,000 records/s, reads 2 MiB/s and 5 GetRecords calls/s, per shard,
 * counted in one-second windows.
 */
export const WRITE_BYTES_PER_S = 1024 * 1024
export const WRITE_RECORDS_PER_S = 1000
export const READ_BYTES_PER_S = 2 * 1024 * 1024
export const READ_CALLS_PER_S = 5

interface Meter {
  second: number
  writeBytes: number
  writeRecords: number
  readCalls: number
  readBytes: number
}

const meters = new Map<string, Meter>()

const meterOf = (key: string, now: number): Meter => {
  const second = Math.floor(now / 1000)
  let m = meters.get(key)
  if (!m) {
    m = { second, writeBytes: 0, writeRecords: 0, readCalls: 0, readBytes: 0 }
    meters.set(key, m)
  } else if (m.second !== second) {
    m.second = second
    m.writeBytes = 0
    m.writeRecords = 0
    m.readCalls = 0
    m.readBytes = 0
  }
  return m
}

/** Counts a write; false when it would exceed the shard's write limit this second. */
export const admitWrite = (key: string, bytes: number, now: number): boolean => {
  const m = meterOf(key, now)
  if (m.writeRecords + 1 > WRITE_RECORDS_PER_S || m.writeBytes + bytes > WRITE_BYTES_PER_S) {
    return false
  }
  m.writeRecords++
  m.writeBytes += bytes
  return true
}

/** Counts a GetRecords call; false when the shard's read limit is used up this second. */
export const admitRead = (key: string, now: number): boolean => {
  const m = meterOf(key, now)
  if (m.readCalls >= READ_CALLS_PER_S || m.readBytes >= READ_BYTES_PER_S) return false
  m.readCalls++
  return true
}

export const countReadBytes = (key: string, bytes: number, now: number): void => {
  meterOf(key, now).readBytes += bytes
}
