#!/usr/bin/env node
// Derives models/patches/<stem>.json (RFC 6902 over the raw Smithy JSON AST) from the
// schemas of today's @aws-sdk/client-* packages: operations the April 2025 snapshot lacks
// (with their input/output structures and member shapes), members missing from known
// structures, and required-ness the SDK changed. Rerun after bumping an SDK package, then
// `npm run gen:models`. The SDK bundles carry no errors per operation, no documentation and
// few constraints, so new operations get the service's common errors (see commonErrors).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { escapePointerToken } from './lib/json-patch.mjs'
import { loadSdkSchemas, SDK_PACKAGES } from './lib/sdk-schemas.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const modelsDir = process.env.MILLRACE_MODELS_DIR ?? path.resolve(repoRoot, '../shared/aws-models')
const patchesDir = path.join(repoRoot, 'models/patches')

const ptr = (...tokens) => `/${tokens.map((t) => escapePointerToken(String(t))).join('/')}`

const NUMERIC = new Set([
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'intEnum',
  'bigInteger',
  'bigDecimal',
])
const PRELUDE_KIND = {
  'smithy.api#String': 'string',
  'smithy.api#Integer': 'integer',
  'smithy.api#Long': 'long',
  'smithy.api#Boolean': 'boolean',
  'smithy.api#PrimitiveBoolean': 'boolean',
  'smithy.api#PrimitiveInteger': 'integer',
  'smithy.api#PrimitiveLong': 'long',
  'smithy.api#Timestamp': 'timestamp',
  'smithy.api#Blob': 'blob',
  'smithy.api#Document': 'document',
  'smithy.api#Double': 'double',
  'smithy.api#Float': 'float',
}

const ANNOTATION_MEMBER_TRAITS = [
  'httpLabel',
  'httpPayload',
  'httpResponseCode',
  'httpQueryParams',
  'idempotencyToken',
  'xmlFlattened',
  'xmlAttribute',
  'hostLabel',
  'eventPayload',
]
const VALUE_MEMBER_TRAITS = ['httpHeader', 'httpQuery', 'httpPrefixHeaders', 'xmlName', 'jsonName']

const memberTraits = (t, required, prim) => {
  const out = {}
  if (required) out['smithy.api#required'] = {}
  for (const k of ANNOTATION_MEMBER_TRAITS) if (t[k]) out[`smithy.api#${k}`] = {}
  for (const k of VALUE_MEMBER_TRAITS) if (t[k] !== undefined) out[`smithy.api#${k}`] = t[k]
  if (t.xmlNamespace) {
    const ns = Array.isArray(t.xmlNamespace)
      ? { prefix: t.xmlNamespace[0], uri: t.xmlNamespace[1] }
      : t.xmlNamespace
    out['smithy.api#xmlNamespace'] = ns.prefix
      ? { prefix: ns.prefix, uri: ns.uri }
      : { uri: ns.uri }
  }
  if (prim?.format) out['smithy.api#timestampFormat'] = prim.format
  return out
}

const shapeTraits = (t) => {
  const out = {}
  if (t.error) out['smithy.api#error'] = t.error
  if (t.httpError !== undefined) out['smithy.api#httpError'] = t.httpError
  if (t.awsQueryError)
    out['aws.protocols#awsQueryError'] = {
      code: t.awsQueryError[0],
      httpResponseCode: t.awsQueryError[1],
    }
  if (t.streaming) out['smithy.api#streaming'] = {}
  if (t.sensitive) out['smithy.api#sensitive'] = {}
  if (t.xmlName !== undefined) out['smithy.api#xmlName'] = t.xmlName
  return out
}

export const derivePatch = (ast, sdk, { id }) => {
  const ops = []
  const shapes = ast.shapes
  const [serviceId, service] = Object.entries(shapes).find(([, s]) => s.type === 'service')
  const ns = serviceId.slice(0, serviceId.indexOf('#'))
  const created = new Map() // full id -> shape added by this patch (so later steps see it)
  const shapeAt = (fullId) => created.get(fullId) ?? shapes[fullId]
  const kindOf = (target) => PRELUDE_KIND[target] ?? shapeAt(target)?.type

  const addShape = (fullId, shape) => {
    created.set(fullId, shape)
    ops.push({ op: 'add', path: ptr('shapes', fullId), value: shape })
  }

  // Most common existing target of members with this name (and a compatible kind), so new
  // members reuse the snapshot's constrained shapes (StreamARN, TagMap, NextToken ...).
  const memberTargets = new Map()
  for (const s of Object.values(shapes)) {
    if (s.type !== 'structure' || !s.members) continue
    for (const [name, m] of Object.entries(s.members)) {
      const byTarget = memberTargets.get(name) ?? new Map()
      byTarget.set(m.target, (byTarget.get(m.target) ?? 0) + 1)
      memberTargets.set(name, byTarget)
    }
  }

  const compatible = (target, t) => {
    const kind = kindOf(target)
    if (!kind) return false
    if (t.named) return target.endsWith(`#${t.named}`)
    if (t.list)
      return (
        (kind === 'list' || kind === 'set') && compatible(shapeAt(target).member.target, t.list)
      )
    if (t.map) return kind === 'map' && compatible(shapeAt(target).value.target, t.map)
    switch (t.prim) {
      case 'string':
        return kind === 'string' || kind === 'enum'
      case 'number':
        return NUMERIC.has(kind)
      case 'blob':
        return (
          kind === 'blob' &&
          Boolean(shapeAt(target).traits?.['smithy.api#streaming']) === Boolean(t.streaming)
        )
      default:
        return kind === t.prim
    }
  }

  const preludeFor = (t, memberName) => {
    switch (t.prim) {
      case 'string':
        return 'smithy.api#String'
      case 'number':
        return /(Bytes|Millis|Milliseconds|InBytes|Epoch)$/.test(memberName)
          ? 'smithy.api#Long'
          : 'smithy.api#Integer'
      case 'boolean':
        return 'smithy.api#Boolean'
      case 'timestamp':
        return 'smithy.api#Timestamp'
      case 'document':
        return 'smithy.api#Document'
      case 'blob':
        return t.streaming ? null : 'smithy.api#Blob'
      case 'bigInteger':
        return 'smithy.api#BigInteger'
      case 'bigDecimal':
        return 'smithy.api#BigDecimal'
      default:
        return null
    }
  }

  // Target for an unnamed (prelude-coded) SDK member type.
  const anonTarget = (t, ownerName, memberName) => {
    const counts = memberTargets.get(memberName)
    if (counts) {
      // Only an unambiguous reuse: two candidates (ListShardsInputLimit vs
      // ListStreamConsumersInputLimit for MaxResults) would guess a range.
      const fits = [...counts.keys()].filter((target) => compatible(target, t))
      if (fits.length === 1) return fits[0]
    }
    const sameName = `${ns}#${memberName}`
    if (shapeAt(sameName) && compatible(sameName, t)) return sameName
    const enumName = [`${ownerName}${memberName}`, memberName].find(
      (e) => sdk.enums.has(e) && !shapeAt(`${ns}#${e}`),
    )
    if (t.prim === 'string' && enumName) {
      const members = {}
      for (const v of sdk.enums.get(enumName)) {
        const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)
          ? v
          : v.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1')
        members[key] = { target: 'smithy.api#Unit', traits: { 'smithy.api#enumValue': v } }
      }
      addShape(`${ns}#${enumName}`, { type: 'enum', members })
      return `${ns}#${enumName}`
    }
    if (t.list || t.map) {
      const name = `${ns}#${ownerName}${memberName}`
      if (!shapeAt(name)) {
        const inner = anonTarget(t.list ?? t.map, ownerName, `${memberName}Member`)
        addShape(
          name,
          t.list
            ? { type: 'list', member: { target: inner } }
            : { type: 'map', key: { target: 'smithy.api#String' }, value: { target: inner } },
        )
      }
      return name
    }
    const prelude = preludeFor(t, memberName)
    if (prelude) return prelude
    const name = `${ns}#StreamingBlob`
    if (!shapeAt(name)) addShape(name, { type: 'blob', traits: { 'smithy.api#streaming': {} } })
    return name
  }

  const visited = new Set()
  const targetFor = (t, ownerName, memberName) =>
    t.named ? ensureNamed(t.named) : anonTarget(t, ownerName, memberName)

  const memberValue = (owner, m) => {
    const traits = memberTraits(
      m.traits,
      owner.kind === 'structure' && m.required,
      m.type.prim === 'timestamp' ? m.type : undefined,
    )
    const value = { target: targetFor(m.type, owner.name, m.name) }
    if (Object.keys(traits).length > 0) value.traits = traits
    return value
  }

  // The Smithy id for an SDK named schema, creating it (or completing its members) as needed.
  const ensureNamed = (name) => {
    const fullId = `${ns}#${name}`
    const n = sdk.shapes.get(name)
    if (!n) throw new Error(`${id}: SDK schema ${name} not found`)
    if (visited.has(fullId)) return fullId
    visited.add(fullId)
    const existing = shapeAt(fullId)
    if (existing) {
      if (n.members && (existing.type === 'structure' || existing.type === 'union'))
        completeMembers(fullId, existing, n)
      // Existing lists/maps/simple shapes: still walk into what they hold.
      for (const inner of [n.member?.type, n.value?.type, n.base]) {
        for (const t of [inner, inner?.list, inner?.map]) if (t?.named) ensureNamed(t.named)
      }
      return fullId
    }
    const traits = shapeTraits(n.traits)
    const shape = {}
    if (n.kind === 'simple') {
      Object.assign(shape, {
        type: n.base.prim === 'number' ? 'integer' : (n.base.prim ?? 'string'),
      })
      if (n.base.streaming) traits['smithy.api#streaming'] = {}
      if (n.base.format) traits['smithy.api#timestampFormat'] = n.base.format
      if (n.base.prim === 'string' && sdk.enums.has(name))
        traits['smithy.api#enum'] = sdk.enums.get(name).map((value) => ({ value }))
    } else if (n.kind === 'list') {
      shape.type = 'list'
    } else if (n.kind === 'map') {
      shape.type = 'map'
    } else {
      shape.type = n.kind === 'union' ? 'union' : 'structure'
      shape.members = {}
    }
    if (Object.keys(traits).length > 0) shape.traits = traits
    // Added before its members are resolved so recursive references find it.
    addShape(fullId, shape)
    const base = ptr('shapes', fullId)
    const idx = ops.length - 1
    if (n.kind === 'list') shape.member = { target: targetFor(n.member.type, name, 'member') }
    else if (n.kind === 'map') {
      shape.key = { target: targetFor(n.key.type, name, 'key') }
      shape.value = { target: targetFor(n.value.type, name, 'value') }
    } else if (n.members) for (const m of n.members) shape.members[m.name] = memberValue(n, m)
    ops[idx] = { op: 'add', path: base, value: shape }
    return fullId
  }

  const completeMembers = (fullId, existing, n) => {
    for (const m of n.members) {
      const mine = existing.members?.[m.name]
      if (!mine) {
        ops.push({
          op: 'add',
          path: ptr('shapes', fullId, 'members', m.name),
          value: memberValue(n, m),
        })
        continue
      }
      if (existing.type === 'structure' && n.kind === 'structure') {
        const has = Boolean(mine.traits?.['smithy.api#required'])
        if (has && !m.required)
          ops.push({
            op: 'remove',
            path: ptr('shapes', fullId, 'members', m.name, 'traits', 'smithy.api#required'),
          })
        if (!has && m.required) {
          if (mine.traits)
            ops.push({
              op: 'add',
              path: ptr('shapes', fullId, 'members', m.name, 'traits', 'smithy.api#required'),
              value: {},
            })
          else
            ops.push({
              op: 'add',
              path: ptr('shapes', fullId, 'members', m.name, 'traits'),
              value: { 'smithy.api#required': {} },
            })
        }
      }
      if (m.type.named) ensureNamed(m.type.named)
      else for (const inner of [m.type.list, m.type.map]) if (inner?.named) ensureNamed(inner.named)
    }
  }

  // Errors most existing operations declare: the best guess for an operation whose errors
  // the SDK bundle does not list.
  const opIds = (service.operations ?? []).map((o) => o.target)
  const errorCounts = new Map()
  for (const o of opIds)
    for (const e of shapes[o].errors ?? [])
      errorCounts.set(e.target, (errorCounts.get(e.target) ?? 0) + 1)
  const commonErrors = [...errorCounts]
    .filter(([, c]) => c * 2 >= opIds.length)
    .map(([e]) => e)
    .sort()

  const known = new Set(opIds.map((o) => o.slice(o.indexOf('#') + 1)))
  for (const [name, op] of [...sdk.operations].sort(([a], [b]) => a.localeCompare(b))) {
    if (known.has(name)) {
      const mine = shapes[opIds.find((o) => o.endsWith(`#${name}`))]
      // Existing operations: complete the structures the SDK and the snapshot both name.
      for (const [ref, side] of [
        [op.input, 'input'],
        [op.output, 'output'],
      ]) {
        if (!ref.named || !mine[side] || mine[side].target === 'smithy.api#Unit') continue
        const fullId = mine[side].target
        if (visited.has(fullId)) continue
        visited.add(fullId)
        completeMembers(fullId, shapes[fullId], sdk.shapes.get(ref.named))
      }
      continue
    }
    const fullId = `${ns}#${name}`
    const value = { type: 'operation' }
    value.input = { target: op.input.named ? ensureNamed(op.input.named) : 'smithy.api#Unit' }
    value.output = { target: op.output.named ? ensureNamed(op.output.named) : 'smithy.api#Unit' }
    if (commonErrors.length > 0) value.errors = commonErrors.map((target) => ({ target }))
    const traits = {}
    if (op.traits.http) {
      let [method, uri, code] = op.traits.http
      // The S3 SDK binds Bucket to the host by endpoint rules and drops it from the path;
      // the Smithy model (and path-style requests) carry it as a label.
      const inputNode = op.input.named ? sdk.shapes.get(op.input.named) : undefined
      const bucketLabel = inputNode?.members?.some((m) => m.name === 'Bucket' && m.traits.httpLabel)
      if (bucketLabel && !uri.includes('{Bucket}'))
        uri = uri === '/' || uri.startsWith('/?') ? `/{Bucket}${uri.slice(1)}` : `/{Bucket}${uri}`
      traits['smithy.api#http'] = { method, uri, code: code ?? 200 }
    }
    if (op.traits.endpoint) traits['smithy.api#endpoint'] = { hostPrefix: op.traits.endpoint[0] }
    if (op.traits.idempotent) traits['smithy.api#idempotent'] = {}
    if (Object.keys(traits).length > 0) value.traits = traits
    ops.push({ op: 'add', path: ptr('shapes', fullId), value })
    ops.push({
      op: 'add',
      path: ptr('shapes', serviceId, 'operations', '-'),
      value: { target: fullId },
    })
  }
  return ops
}

const main = () => {
  if (!existsSync(modelsDir)) {
    console.log(`sdk-patches: ${modelsDir} not found; nothing to do`)
    return
  }
  for (const file of readdirSync(modelsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const ast = JSON.parse(readFileSync(path.join(modelsDir, file), 'utf8'))
    const id = Object.values(ast.shapes).find((s) => s.type === 'service').traits['aws.auth#sigv4']
      .name
    if (!SDK_PACKAGES[id]) continue
    const ops = derivePatch(ast, loadSdkSchemas(SDK_PACKAGES[id], repoRoot), { id })
    const target = path.join(patchesDir, `${file.slice(0, -5)}.json`)
    // One op per line keeps reviews of a regenerated patch readable.
    if (ops.length > 0)
      writeFileSync(target, `[\n${ops.map((o) => `  ${JSON.stringify(o)}`).join(',\n')}\n]\n`)
    console.log(`sdk-patches: ${path.relative(repoRoot, target)}: ${ops.length} ops`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
