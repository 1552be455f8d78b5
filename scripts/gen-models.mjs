#!/usr/bin/env node
// Generates src/gen/<service>.ts and src/gen/index.ts from the AWS Smithy models in
// ../shared/aws-models (or $MILLRACE_MODELS_DIR), after applying models/patches/<stem>.json.
// `--check` regenerates in memory and fails when the committed files differ (CI).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyPatch } from './lib/json-patch.mjs'
import { convertModel, emitIndex, emitModule } from './lib/smithy-convert.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const modelsDir = process.env.MILLRACE_MODELS_DIR ?? path.resolve(repoRoot, '../shared/aws-models')
const patchesDir = path.join(repoRoot, 'models/patches')
const genDir = path.join(repoRoot, 'src/gen')

export const loadPatchedModels = () => {
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  return files.map((file) => {
    const stem = file.slice(0, -'.json'.length)
    let ast = JSON.parse(readFileSync(path.join(modelsDir, file), 'utf8'))
    const patchFile = path.join(patchesDir, `${stem}.json`)
    if (existsSync(patchFile)) ast = applyPatch(ast, JSON.parse(readFileSync(patchFile, 'utf8')))
    return { file, stem, ast }
  })
}

export const generate = () => {
  const models = loadPatchedModels().map(({ file, ast }) => convertModel(ast, { file }))
  const ids = new Set()
  for (const m of models) {
    if (ids.has(m.id)) throw new Error(`two models share the service id '${m.id}'`)
    ids.add(m.id)
  }
  const out = new Map()
  for (const m of models) out.set(`${m.id}.ts`, emitModule(m))
  out.set('index.ts', emitIndex(models))
  return { models, files: out }
}

const main = () => {
  const check = process.argv.includes('--check')
  if (!existsSync(modelsDir)) {
    console.log(`gen-models: ${modelsDir} not found; skipping (committed src/gen is used as is)`)
    return 0
  }
  const { files } = generate()
  if (check) {
    const differ = []
    for (const [name, text] of files) {
      const p = path.join(genDir, name)
      if (!existsSync(p) || readFileSync(p, 'utf8') !== text) differ.push(`src/gen/${name}`)
    }
    const extra = existsSync(genDir)
      ? readdirSync(genDir)
          .filter((f) => f.endsWith('.ts') && !files.has(f))
          .map((f) => `src/gen/${f} (stale)`)
      : []
    if (differ.length + extra.length > 0) {
      console.error(
        `gen-models --check: out of date; run npm run gen:models\n  ${[...differ, ...extra].join('\n  ')}`,
      )
      return 1
    }
    console.log(`gen-models --check: ${files.size} files up to date`)
    return 0
  }
  mkdirSync(genDir, { recursive: true })
  for (const [name, text] of files) {
    const p = path.join(genDir, name)
    if (!existsSync(p) || readFileSync(p, 'utf8') !== text) writeFileSync(p, text)
  }
  console.log(`gen-models: wrote ${files.size} files to src/gen`)
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main()
}
