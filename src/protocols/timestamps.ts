/**
 * Timestamp wire forms shared by all protocols. Smithy's three formats: epoch-seconds (JSON
 * protocols' default, fractional allowed), date-time (RFC 3339, restXml/awsQuery default) and
 * http-date (RFC 7231, headers). CBOR (awsJson over CBOR) uses epoch milliseconds instead.
 */

/** Epoch seconds as AWS writes them: integral when there are no milliseconds, else 3 decimals. */
export const toEpochSeconds = (date: Date): number => date.getTime() / 1000

/** Rounded to the millisecond: a Date holds no more, and AWS sends no more. */
export const fromEpochSeconds = (seconds: number): Date => new Date(Math.round(seconds * 1000))

/** RFC 3339 in UTC, fraction only when there are milliseconds (what AWS's XML services send). */
export const toDateTime = (date: Date): string => {
  const iso = date.toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

// Date#toISOString is the costliest part of a listing entry, and objects written together
// share the second of their LastModified: format each distinct second once, append the ms.
const MAX_PLAIN_ISO_MS = 253402300799999 // 9999-12-31T23:59:59.999Z; later years use ±YYYYYY
let lastSecond = Number.NaN
let lastSecondIso = ''

/** Exactly `date.toISOString()` (S3 listings' `2009-10-12T17:50:30.000Z`), cheaper in runs. */
export const toIsoString = (date: Date): string => {
  const ms = date.getTime()
  if (!(ms >= 0 && ms <= MAX_PLAIN_ISO_MS)) return date.toISOString()
  const second = Math.floor(ms / 1000)
  if (second !== lastSecond) {
    lastSecondIso = date.toISOString().slice(0, 19)
    lastSecond = second
  }
  const frac = ms - second * 1000
  return `${lastSecondIso}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`
}

/** IMF-fixdate (RFC 7231), e.g. `Tue, 29 Apr 2014 18:30:38 GMT`. */
export const toHttpDate = (date: Date): string => date.toUTCString()

/** RFC 3339 with an offset or `Z`; AWS also accepts a missing offset as UTC. */
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i

/** Parses a textual timestamp in the given format; undefined when it does not parse. */
export const parseTimestamp = (
  text: string,
  format: 'date-time' | 'http-date' | 'epoch-seconds',
): Date | undefined => {
  if (format === 'epoch-seconds') {
    const seconds = Number(text)
    return text.trim() !== '' && Number.isFinite(seconds) ? fromEpochSeconds(seconds) : undefined
  }
  if (format === 'date-time') {
    if (!dateTimePattern.test(text)) return undefined
    const hasZone = /(Z|[+-]\d{2}:\d{2})$/i.test(text)
    const ms = Date.parse(hasZone ? text : `${text}Z`)
    return Number.isNaN(ms) ? undefined : new Date(ms)
  }
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

/** Accepts what handlers return for a timestamp member: a Date, epoch milliseconds or an ISO string. */
export const asDate = (value: unknown): Date | undefined => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value === 'number') return new Date(value)
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : new Date(ms)
  }
  return undefined
}
