// Bundles the server into dist/bundle with esbuild: ESM, code-split so that services, protocols
// and models load lazily. Dependencies stay external (loaded from node_modules) except the ones in
// INLINED, whose many small CommonJS files cost start-up time when loaded one by one.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

// better-sqlite3's JavaScript (~6 ms to load as 14 CommonJS files); its addon is still loaded
// from node_modules (src/storage/sqlite-binding.ts).
const INLINED = new Set(['better-sqlite3'])

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const external = Object.keys(pkg.dependencies ?? {})
  .filter((name) => !INLINED.has(name))
  .flatMap((name) => [name, `${name}/*`])

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  outdir: process.argv[2] ?? 'dist/bundle',
  // better-sqlite3's own fallback addon lookup, used only when sqlite-binding.ts finds no addon.
  external: [...external, 'bindings'],
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // Inlined CommonJS code calls require() for Node built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __millraceCreateRequire } from 'node:module'; const require = __millraceCreateRequire(import.meta.url);",
  },
})
