/**
 * S3's key order outside SQL. Keys are compared as UTF-8 bytes, which is code point order: the
 * order SQLite's BINARY collation gives TEXT keys, so range bounds can be computed on strings.
 */

const MAX_CODE_POINT = 0x10ffff

/**
 * Smallest string greater than every string starting with `prefix`; undefined = none. Bumps the
 * last code point that can grow (skipping the surrogate range, which UTF-8 cannot encode) and
 * drops what follows it.
 */
export const successorOf = (prefix: string): string | undefined => {
  // The common case (the last unit is a whole BMP code point below U+FFFF) without splitting.
  const last = prefix.charCodeAt(prefix.length - 1)
  if (last < 0xd7ff || (last > 0xdfff && last < 0xffff))
    return prefix.slice(0, -1) + String.fromCharCode(last + 1)
  const points = Array.from(prefix)
  while (points.length > 0) {
    const cp = points.pop()!.codePointAt(0)!
    if (cp === MAX_CODE_POINT) continue
    const next = cp + 1 === 0xd800 ? 0xe000 : cp + 1
    return points.join('') + String.fromCodePoint(next)
  }
  return undefined
}

/**
 * Key order for the few comparisons made outside SQL; JS's `<` compares UTF-16 units, which puts
 * U+E000..U+FFFF after astral characters.
 */
export const compareKeys = (a: string, b: string): number =>
  a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b))

/** Smallest string greater than `key` (for exclusive bounds such as StartAfter). */
export const afterKey = (key: string): string => `${key}\u0000`
