#!/usr/bin/env node
// Lists what today's @aws-sdk/client-* packages define that our models (snapshot + patches,
// exactly what gen-models writes) lack: operations, and members of known structures.
// `--required` also lists required-ness that differs; exit code 1 when gaps remain.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate } from './gen-models.mjs'
import { diffModel } from './lib/sdk-diff.mjs'
import { loadSdkSchemas, SDK_PACKAGES } from './lib/sdk-schemas.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const showRequired = process.argv.includes('--required')

const { models } = generate()
let total = 0
for (const [id, pkg] of Object.entries(SDK_PACKAGES)) {
  const model = models.find((m) => m.id === id)
  if (!model) {
    console.log(`${id}: no generated model`)
    continue
  }
  const sdk = loadSdkSchemas(pkg, repoRoot)
  const { missingOperations, missingMembers, requiredDrift } = diffModel(model, sdk)
  const n = missingOperations.length + missingMembers.length
  total += n
  console.log(
    `${id} (${pkg}): ${Object.keys(model.operations).length} operations in model, ${sdk.operations.size} in SDK; ${missingOperations.length} missing operations, ${missingMembers.length} missing members${showRequired ? `, ${requiredDrift.length} required-ness differences` : ''}`,
  )
  for (const o of missingOperations) console.log(`  operation ${o}`)
  for (const m of missingMembers) console.log(`  member ${m.shape}.${m.member} (${m.context})`)
  if (showRequired)
    for (const r of requiredDrift)
      console.log(`  required ${r.shape}.${r.member}: SDK ${r.sdk ? 'required' : 'optional'}`)
}
console.log(total === 0 ? 'model-gaps: none' : `model-gaps: ${total} gaps`)
process.exitCode = total === 0 ? 0 : 1
