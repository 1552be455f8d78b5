/**
 * Where better-sqlite3's compiled addon is. The server bundle inlines better-sqlite3's
 * JavaScript (loading its dozen CommonJS files one by one costs ~6 ms of start-up); bundled, its
 * own addon lookup (the `bindings` package, which inspects call stacks) cannot find the addon,
 * so the path is resolved here from the installed package and handed over as `nativeBinding`.
 * Undefined (better-sqlite3's own lookup) when the package was built somewhere unusual.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let resolved: string | null | undefined

export const sqliteNativeBinding = (): string | undefined => {
  if (resolved === undefined) {
    resolved = null
    try {
      const pkg = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'))
      const addon = join(pkg, 'build', 'Release', 'better_sqlite3.node')
      if (existsSync(addon)) resolved = addon
    } catch {
      // Not resolvable from here: better-sqlite3 falls back to its own lookup.
    }
  }
  return resolved ?? undefined
}
