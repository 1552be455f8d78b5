// Differences between a generated runtime model (src/protocols/model.ts form) and the schemas
// of today's SDK client: missing operations, missing members, and required-ness drift.

// Structure-like SDK nodes reachable from one operation's input/output.
export const reachable = (sdk, ref, out = new Set()) => {
  const visit = (t) => {
    if (!t) return
    if (t.list) return visit(t.list)
    if (t.map) return visit(t.map)
    if (!t.named || out.has(t.named)) return
    const n = sdk.shapes.get(t.named)
    if (!n) return
    out.add(t.named)
    if (n.kind === 'simple') return visit(n.base)
    if (n.kind === 'list') return visit(n.member.type)
    if (n.kind === 'map') return visit(n.value.type)
    for (const m of n.members ?? []) visit(m.type)
  }
  visit(ref)
  return out
}

export const diffModel = (model, sdk) => {
  const missingOperations = [...sdk.operations.keys()].filter((o) => !model.operations[o]).sort()
  const missingMembers = [] // { shape, member, context }
  const requiredDrift = [] // { shape, member, sdk: boolean }
  const checked = new Set()
  const compare = (modelName, sdkName, context) => {
    const key = `${modelName}<${sdkName}`
    if (checked.has(key)) return
    checked.add(key)
    const shape = model.shapes[modelName]
    const n = sdk.shapes.get(sdkName)
    if (!shape || !n?.members || (shape.type !== 'structure' && shape.type !== 'union')) return
    for (const m of n.members) {
      const mine = shape.members[m.name]
      if (!mine) missingMembers.push({ shape: modelName, member: m.name, context })
      else if (
        shape.type === 'structure' &&
        n.kind === 'structure' &&
        Boolean(mine.required) !== m.required
      ) {
        requiredDrift.push({ shape: modelName, member: m.name, sdk: m.required })
      }
    }
  }
  for (const [name, op] of [...sdk.operations].sort(([a], [b]) => a.localeCompare(b))) {
    const mine = model.operations[name]
    if (!mine) continue
    if (op.input.named && mine.input) compare(mine.input, op.input.named, `${name} input`)
    if (op.output.named && mine.output) compare(mine.output, op.output.named, `${name} output`)
    const nested = new Set([...reachable(sdk, op.input), ...reachable(sdk, op.output)])
    for (const s of [...nested].sort())
      if (s !== op.input.named && s !== op.output.named) compare(s, s, `via ${name}`)
  }
  return { missingOperations, missingMembers, requiredDrift }
}
