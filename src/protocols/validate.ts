/**
 * Model-driven input validation with AWS's (Coral's) wording, e.g.
 * `1 validation error detected: Value 'x' at 'streamName' failed to satisfy constraint: Member
 * must have length less than or equal to 128`. Order and forms follow kinesalite, which recorded
 * them against AWS: per member required, pattern, length min/max, range min/max, enum; list
 * entries at `records.1.member.data`; lists and maps of scalars reported once on the collection
 * (`Member must satisfy constraint: [...]`, `Map keys/value must satisfy constraint: [...]`);
 * at most 10 violations. Validators are compiled lazily per shape and cached per model, so a valid
 * 500-record PutRecords allocates little beyond one path node per record.
 */
import type { Member, OperationModel, ServiceModel, Shape } from './model.js'
import { lowerFirst, shapeOf } from './shape-walker.js'

/** AWS stops collecting after this many violations (kinesalite does the same). */
const maxViolations = 10

/** Where a value sits; rendered only when a violation is reported. */
interface Path {
  parent: Path | undefined
  seg: string | number
}

/** seg: a member name (already lower-first), a list index (1-based) or a map key path. */
type Validator = (
  value: unknown,
  parent: Path | undefined,
  seg: string | number,
  out: string[],
) => void

/** The top-level input has no path segment of its own. */
const nodeOf = (parent: Path | undefined, seg: string | number): Path | undefined =>
  parent === undefined && seg === '' ? undefined : { parent, seg }

const renderPath = (parent: Path | undefined, seg: string | number): string => {
  const own = typeof seg === 'number' ? `${seg}.member` : seg
  return parent ? `${renderPath(parent.parent, parent.seg)}.${own}` : own
}

/** A value as Coral's messages show it: Java's toString of the deserialized object. */
const renderValue = (model: ServiceModel, shape: Shape, value: unknown): string => {
  if (value === null || value === undefined) return 'null'
  switch (shape.type) {
    case 'blob': {
      const n =
        Buffer.isBuffer(value) || value instanceof Uint8Array
          ? value.byteLength
          : String(value).length
      return `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`
    }
    case 'list': {
      if (!Array.isArray(value)) return String(value)
      const member = shapeOf(model, shape.member.target)
      return `[${value.map((v) => renderValue(model, member, v)).join(', ')}]`
    }
    case 'map': {
      if (typeof value !== 'object') return String(value)
      const member = shapeOf(model, shape.value.target)
      const entries = Object.entries(value as Record<string, unknown>)
      return `{${entries.map(([k, v]) => `${k}=${renderValue(model, member, v)}`).join(', ')}}`
    }
    case 'structure':
    case 'union': {
      if (typeof value !== 'object') return String(value)
      const record = value as Record<string, unknown>
      const parts = Object.entries(shape.members)
        .filter(([name]) => record[name] !== undefined)
        .map(
          ([name, m]) =>
            `${lowerFirst(name)}=${renderValue(model, shapeOf(model, m.target), record[name])}`,
        )
      return `${shapeName(model, shape)}(${parts.join(', ')})`
    }
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : String(value)
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
}

const shapeName = (model: ServiceModel, shape: Shape): string => {
  for (const [name, s] of Object.entries(model.shapes)) if (s === shape) return name
  return 'Object'
}

const violation = (
  out: string[],
  model: ServiceModel,
  shape: Shape,
  value: unknown,
  parent: Path | undefined,
  seg: string | number,
  constraint: string,
): void => {
  if (out.length >= maxViolations) return
  const rendered = renderValue(model, shape, value)
  const shown = rendered === 'null' ? 'null' : `'${rendered}'`
  out.push(
    `Value ${shown} at '${renderPath(parent, seg)}' failed to satisfy constraint: ${constraint}`,
  )
}

/** Java prints doubles with a fraction (`1.0`); integral types without. */
const renderBound = (shape: Shape, n: number): string =>
  (shape.type === 'float' || shape.type === 'double' || shape.type === 'bigDecimal') &&
  Number.isInteger(n)
    ? `${n}.0`
    : `${n}`

const patternCache = new Map<string, RegExp>()

/**
 * Smithy patterns are ECMA-262 and unanchored in the model, but AWS matches them with Java's
 * `matches()`, i.e. against the whole value: anchor them. `u` so `\p{L}` works as in Java.
 */
export const compilePattern = (pattern: string): RegExp => {
  let re = patternCache.get(pattern)
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u')
    } catch {
      // Some AWS patterns are valid Java but not valid under `u` (e.g. needless escapes).
      re = new RegExp(`^(?:${pattern})$`)
    }
    patternCache.set(pattern, re)
  }
  return re
}

/** Length as AWS counts it: characters (code points) of strings, bytes of blobs, entries of collections. */
const lengthOf = (value: unknown): number => {
  if (typeof value === 'string') {
    let n = value.length
    // Surrogate pairs are one character to Java's codePointCount-based checks.
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff) n--
    }
    return n
  }
  if (Array.isArray(value)) return value.length
  if (value instanceof Uint8Array) return value.byteLength
  if (typeof value === 'object' && value !== null) return Object.keys(value).length
  return 0
}

/** The constraint texts of a scalar shape, for the bracketed collection form (max before min). */
const describeConstraints = (shape: Shape): string[] => {
  const parts: string[] = []
  if ('length' in shape && shape.length) {
    if (shape.length.max !== undefined)
      parts.push(`Member must have length less than or equal to ${shape.length.max}`)
    if (shape.length.min !== undefined)
      parts.push(`Member must have length greater than or equal to ${shape.length.min}`)
  }
  if ('range' in shape && shape.range) {
    if (shape.range.max !== undefined)
      parts.push(
        `Member must have value less than or equal to ${renderBound(shape, shape.range.max)}`,
      )
    if (shape.range.min !== undefined)
      parts.push(
        `Member must have value greater than or equal to ${renderBound(shape, shape.range.min)}`,
      )
  }
  if (shape.type === 'string' && shape.pattern !== undefined)
    parts.push(`Member must satisfy regular expression pattern: ${shape.pattern}`)
  if (shape.type === 'string' && shape.enum)
    parts.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`)
  return parts
}

/** Whether a scalar value meets all of its shape's constraints (for collections of scalars). */
const scalarPasses = (shape: Shape, value: unknown): boolean => {
  const probe: string[] = []
  scalarChecks(shape, value, () => probe.push(''))
  return probe.length === 0
}

/** Runs a scalar shape's checks in AWS's order, calling `fail(constraint)` for each violation. */
const scalarChecks = (shape: Shape, value: unknown, fail: (constraint: string) => void): void => {
  if (shape.type === 'string' && shape.pattern !== undefined && typeof value === 'string') {
    if (!compilePattern(shape.pattern).test(value))
      fail(`Member must satisfy regular expression pattern: ${shape.pattern}`)
  }
  if ('length' in shape && shape.length) {
    const n = lengthOf(value)
    if (shape.length.min !== undefined && n < shape.length.min)
      fail(`Member must have length greater than or equal to ${shape.length.min}`)
    if (shape.length.max !== undefined && n > shape.length.max)
      fail(`Member must have length less than or equal to ${shape.length.max}`)
  }
  if ('range' in shape && shape.range && typeof value === 'number') {
    const { min, max } = shape.range
    if (min !== undefined && value < min)
      fail(`Member must have value greater than or equal to ${renderBound(shape, min)}`)
    if (max !== undefined && value > max)
      fail(`Member must have value less than or equal to ${renderBound(shape, max)}`)
  }
  if (
    shape.type === 'string' &&
    shape.enum &&
    typeof value === 'string' &&
    !shape.enum.includes(value)
  ) {
    fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`)
  }
}

/** `@uniqueItems`: no two entries equal (structural equality for aggregates, as Smithy defines it). */
const hasDuplicates = (items: unknown[]): boolean => {
  const seen = new Set<string>()
  for (const item of items) {
    const key =
      item instanceof Uint8Array
        ? `b:${Buffer.from(item).toString('base64')}`
        : JSON.stringify(item)
    if (seen.has(key)) return true
    seen.add(key)
  }
  return false
}

const isAggregate = (shape: Shape): boolean =>
  shape.type === 'structure' ||
  shape.type === 'union' ||
  shape.type === 'list' ||
  shape.type === 'map'

const hasScalarConstraints = (shape: Shape): boolean => describeConstraints(shape).length > 0

const cache = new WeakMap<ServiceModel, Map<string, Validator | null>>()

/** The validator of a shape, compiled on first use; null when the shape constrains nothing. */
const validatorFor = (model: ServiceModel, name: string): Validator | null => {
  let perModel = cache.get(model)
  if (!perModel) {
    perModel = new Map()
    cache.set(model, perModel)
  }
  const cached = perModel.get(name)
  if (cached !== undefined) return cached
  // Recursive shapes: a forwarding stub stands in until compilation finishes.
  let compiled: Validator | null = null
  perModel.set(name, (value, parent, seg, out) => compiled?.(value, parent, seg, out))
  compiled = compile(model, shapeOf(model, name))
  perModel.set(name, compiled)
  return compiled
}

const compile = (model: ServiceModel, shape: Shape): Validator | null => {
  switch (shape.type) {
    case 'structure':
    case 'union':
      return compileStructure(model, shape.members)
    case 'list':
      return compileCollection(model, shape, [shape.member])
    case 'map':
      return compileCollection(model, shape, [shape.key, shape.value])
    default: {
      if (!hasScalarConstraints(shape)) return null
      return (value, parent, seg, out) =>
        scalarChecks(shape, value, (constraint) =>
          violation(out, model, shape, value, parent, seg, constraint),
        )
    }
  }
}

interface CompiledMember {
  name: string
  seg: string
  required: boolean
  target: string
  validator: Validator | null | undefined
}

const compileStructure = (model: ServiceModel, members: Record<string, Member>): Validator => {
  const list: CompiledMember[] = Object.entries(members).map(([name, m]) => ({
    name,
    seg: lowerFirst(name),
    required: m.required === true,
    target: m.target,
    validator: undefined,
  }))
  return (value, parent, seg, out) => {
    if (typeof value !== 'object' || value === null) return
    const record = value as Record<string, unknown>
    let here: Path | undefined
    for (const m of list) {
      if (out.length >= maxViolations) return
      const v = record[m.name]
      if (v === undefined || v === null) {
        if (m.required) {
          here ??= nodeOf(parent, seg)
          out.push(
            `Value null at '${renderPath(here, m.seg)}' failed to satisfy constraint: Member must not be null`,
          )
        }
        continue
      }
      if (m.validator === undefined) m.validator = validatorFor(model, m.target)
      if (m.validator === null) continue
      here ??= nodeOf(parent, seg)
      m.validator(v, here, m.seg, out)
    }
  }
}

/**
 * Lists and maps: own length first; then entries. Entries that are aggregates are walked with
 * their own paths; scalar entries with constraints are reported once, on the collection.
 */
const compileCollection = (
  model: ServiceModel,
  shape: Shape & { type: 'list' | 'map' },
  entryMembers: Member[],
): Validator => {
  let entries: { key?: Shape; value: Shape; valueValidator: Validator | null } | undefined
  const prepare = () => {
    const valueMember = entryMembers[entryMembers.length - 1] as Member
    const value = shapeOf(model, valueMember.target)
    const key =
      entryMembers.length > 1 ? shapeOf(model, (entryMembers[0] as Member).target) : undefined
    entries = {
      key,
      value,
      valueValidator: isAggregate(value) ? validatorFor(model, valueMember.target) : null,
    }
    return entries
  }
  return (value, parent, seg, out) => {
    const fail = (constraint: string) =>
      violation(out, model, shape, value, parent, seg, constraint)
    if (shape.length) {
      const n = lengthOf(value)
      if (shape.length.min !== undefined && n < shape.length.min)
        fail(`Member must have length greater than or equal to ${shape.length.min}`)
      if (shape.length.max !== undefined && n > shape.length.max)
        fail(`Member must have length less than or equal to ${shape.length.max}`)
    }
    if (
      shape.type === 'list' &&
      shape.uniqueItems &&
      Array.isArray(value) &&
      hasDuplicates(value)
    ) {
      fail('Member must have unique items')
    }
    const e = entries ?? prepare()
    if (shape.type === 'list') {
      if (!Array.isArray(value)) return
      if (e.valueValidator) {
        const here = nodeOf(parent, seg)
        for (let i = 0; i < value.length && out.length < maxViolations; i++) {
          const item = value[i]
          if (item !== null && item !== undefined) e.valueValidator(item, here, i + 1, out)
        }
      } else if (hasScalarConstraints(e.value)) {
        if (
          !value.every((item) => item === null || item === undefined || scalarPasses(e.value, item))
        ) {
          fail(`Member must satisfy constraint: [${describeConstraints(e.value).join(', ')}]`)
        }
      }
      return
    }
    if (typeof value !== 'object' || value === null) return
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    if (
      e.key &&
      hasScalarConstraints(e.key) &&
      !keys.every((k) => scalarPasses(e.key as Shape, k))
    ) {
      fail(`Map keys must satisfy constraint: [${describeConstraints(e.key).join(', ')}]`)
    }
    if (e.valueValidator) {
      const here = nodeOf(parent, seg)
      for (const k of keys) {
        const v = record[k]
        if (v !== null && v !== undefined) e.valueValidator(v, here, `${k}.member`, out)
      }
    } else if (hasScalarConstraints(e.value)) {
      if (
        !keys.every(
          (k) => record[k] === null || record[k] === undefined || scalarPasses(e.value, record[k]),
        )
      ) {
        fail(`Map value must satisfy constraint: [${describeConstraints(e.value).join(', ')}]`)
      }
    }
  }
}

/** The violation texts of `input` against the operation's input shape (at most 10), in AWS's order. */
export const validateInput = (
  input: Record<string, unknown>,
  op: OperationModel,
  model: ServiceModel,
): string[] => {
  const out: string[] = []
  if (!op.input) return out
  const validator = validatorFor(model, op.input)
  validator?.(input, undefined, '', out)
  return out
}

/** AWS's ValidationException message for a list of violations. */
export const validationMessage = (violations: string[]): string =>
  `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`
