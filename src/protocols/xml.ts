/**
 * Model-directed XML for restXml (S3) and awsQuery responses: Smithy's XML binding traits
 * (`@xmlName`, `@xmlFlattened`, `@xmlAttribute`, `@xmlNamespace`) decide element names and shapes.
 * Reading goes through fast-xml-parser's generic tree, then the model picks what it knows.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { scalarFromText, scalarToText, shapeOf } from './http-bindings.js'
import type { Member, Shape } from './model.js'
import { asDate, toIsoString } from './timestamps.js'

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>'

// XML parsers normalize a literal CR (and NEL/LS) to LF, which would change an S3 key on the
// way back; as character references they survive, which is also how S3 writes them.
const escapeOf = (code: number): string | undefined => {
  switch (code) {
    case 38:
      return '&amp;'
    case 60:
      return '&lt;'
    case 62:
      return '&gt;'
    case 34:
      return '&quot;'
    case 39:
      return '&apos;'
    case 13:
      return '&#xD;'
    case 0x85:
      return '&#x85;'
    case 0x2028:
      return '&#x2028;'
    default:
      return undefined
  }
}

/**
 * A character loop rather than a regex with a replacer: listings escape every key, ETag and date
 * they write, and most need nothing (an ETag's quotes aside); the loop is about 3x cheaper.
 */
export const escapeXml = (text: string): string => {
  let out = ''
  let last = 0
  for (let i = 0; i < text.length; i++) {
    const rep = escapeOf(text.charCodeAt(i))
    if (rep === undefined) continue
    out += text.slice(last, i) + rep
    last = i + 1
  }
  return last === 0 ? text : out + text.slice(last)
}

export interface XmlWriteOptions {
  shapes: Record<string, Shape>
  /**
   * How date-times are written: S3 always sends milliseconds (`2025-01-01T00:00:00.000Z`), IAM and
   * STS whole seconds (`2025-01-01T00:00:00Z`); default: milliseconds only when there are some.
   */
  dateTime?: 'milliseconds' | 'seconds'
}

type Namespace = { uri: string; prefix?: string }

const nsAttr = (ns: Namespace | undefined): string =>
  ns ? ` ${ns.prefix ? `xmlns:${ns.prefix}` : 'xmlns'}="${escapeXml(ns.uri)}"` : ''

const scalarText = (value: unknown, shape: Shape, opts: XmlWriteOptions): string | undefined => {
  if (
    shape.type === 'timestamp' &&
    (shape.format ?? 'date-time') === 'date-time' &&
    opts.dateTime
  ) {
    const date = asDate(value)
    if (date) {
      const iso = toIsoString(date)
      return opts.dateTime === 'seconds' ? iso.replace(/\.\d+Z$/, 'Z') : iso
    }
  }
  return scalarToText(value, shape, 'date-time')
}

const element = (name: string, attrs: string, inner: string): string =>
  `<${name}${attrs}>${inner}</${name}>`

/**
 * Writes a value as an element named by the caller; `extraAttrs` come first among its attributes.
 * Built once per (shape, member traits, date-time style) and reused: a big list's items do no
 * shape lookups or trait checks each, only their own values' work.
 */
type ElementWriter = (name: string, value: unknown, extraAttrs: string) => string

/** Writers per shapes table, keyed by date-time style, target and the member traits that matter. */
const writerCache = new WeakMap<Record<string, Shape>, Map<string, ElementWriter>>()

const writerFor = (target: string, opts: XmlWriteOptions, member?: Member): ElementWriter => {
  let cache = writerCache.get(opts.shapes)
  if (!cache) {
    cache = new Map()
    writerCache.set(opts.shapes, cache)
  }
  const ns = member?.xmlNamespace
  const key = `${opts.dateTime ?? ''}|${target}|${member?.xmlFlattened ? 'f' : ''}|${ns ? `${ns.prefix ?? ''}=${ns.uri}` : ''}`
  let writer = cache.get(key)
  if (!writer) {
    // Child writers are looked up on first use (lazyWriter), so recursive shapes build finitely.
    writer = buildWriter(shapeOf(opts.shapes, target), opts, member)
    cache.set(key, writer)
  }
  return writer
}

/**
 * A member's writer, looked up on the first value it writes: structures may contain themselves,
 * and a target is resolved only when there is a value of it (as the generic walk did).
 */
const lazyWriter = (target: string, opts: XmlWriteOptions, member: Member): ElementWriter => {
  let w: ElementWriter | undefined
  return (name, value, extra) => {
    if (value === undefined || value === null) return ''
    w ??= writerFor(target, opts, member)
    return w(name, value, extra)
  }
}

const buildWriter = (shape: Shape, opts: XmlWriteOptions, member?: Member): ElementWriter => {
  const ownNs = nsAttr(member?.xmlNamespace ?? shape.xmlNamespace)
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const attrsOf = structureAttrsWriter(shape.members, opts)
      const bodyOf = structureBodyWriter(shape.members, opts)
      return (name, value, extra) =>
        value === undefined || value === null
          ? ''
          : element(name, extra + ownNs + attrsOf(value), bodyOf(value))
    }
    case 'list': {
      const item = lazyWriter(shape.member.target, opts, shape.member)
      if (member?.xmlFlattened) {
        // Flattened lists repeat the member's own element; the list's member traits still apply.
        return (name, value, extra) => {
          if (!Array.isArray(value)) return ''
          const attrs = extra + ownNs
          let out = ''
          for (const v of value) out += item(name, v, attrs)
          return out
        }
      }
      const itemName = shape.member.xmlName ?? 'member'
      return (name, value, extra) => {
        if (!Array.isArray(value)) return ''
        let inner = ''
        for (const v of value) inner += item(itemName, v, '')
        return element(name, extra + ownNs, inner)
      }
    }
    case 'map': {
      const keyName = shape.key.xmlName ?? 'key'
      const valueName = shape.value.xmlName ?? 'value'
      const keyWriter = lazyWriter(shape.key.target, opts, shape.key)
      const valueWriter = lazyWriter(shape.value.target, opts, shape.value)
      const isFlattened = member?.xmlFlattened === true
      return (name, value, extra) => {
        if (value === undefined || value === null || typeof value !== 'object') return ''
        const attrs = extra + ownNs
        let out = ''
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const entry = keyWriter(keyName, k, '') + valueWriter(valueName, v, '')
          out += isFlattened ? element(name, attrs, entry) : element('entry', '', entry)
        }
        return isFlattened ? out : element(name, attrs, out)
      }
    }
    default:
      return (name, value, extra) => {
        if (value === undefined || value === null) return ''
        // Strings (keys, ETags, names) are most of a big document's values.
        if (typeof value === 'string' && shape.type === 'string')
          return element(name, extra + ownNs, escapeXml(value))
        const text = scalarText(value, shape, opts)
        return text === undefined ? '' : element(name, extra + ownNs, escapeXml(text))
      }
  }
}

/** The attributes (`@xmlAttribute` members) of a structure value; most structures have none. */
const structureAttrsWriter = (
  members: Record<string, Member>,
  opts: XmlWriteOptions,
): ((value: unknown) => string) => {
  const attrs = Object.entries(members)
    .filter(([, m]) => m.xmlAttribute)
    .map(([name, m]) => ({ name, wire: m.xmlName ?? name, target: m.target }))
  if (attrs.length === 0) return () => ''
  return (value) => {
    if (!value || typeof value !== 'object') return ''
    const record = value as Record<string, unknown>
    let out = ''
    for (const a of attrs) {
      if (record[a.name] === undefined) continue
      const text = scalarText(record[a.name], shapeOf(opts.shapes, a.target), opts)
      if (text !== undefined) out += ` ${a.wire}="${escapeXml(text)}"`
    }
    return out
  }
}

/** Child-element writers per members table (structure bodies are written per list item). */
const bodyCache = new WeakMap<Record<string, Member>, Map<string, (value: unknown) => string>>()

const structureBodyWriter = (
  members: Record<string, Member>,
  opts: XmlWriteOptions,
): ((value: unknown) => string) => {
  let cache = bodyCache.get(members)
  if (!cache) {
    cache = new Map()
    bodyCache.set(members, cache)
  }
  const key = opts.dateTime ?? ''
  let writer = cache.get(key)
  if (!writer) {
    const fields = Object.entries(members)
      .filter(([, m]) => !m.xmlAttribute && m.location === undefined)
      .map(([name, m]) => ({ name, wire: m.xmlName ?? name, write: lazyWriter(m.target, opts, m) }))
    writer = (value) => {
      if (!value || typeof value !== 'object') return ''
      const record = value as Record<string, unknown>
      let out = ''
      for (const f of fields) out += f.write(f.wire, record[f.name], '')
      return out
    }
    cache.set(key, writer)
  }
  return writer
}

/**
 * Writes `value` of shape `target` as the element `name`. `extraAttrs` lets the caller put the
 * service namespace on a document's root.
 */
export const writeXmlElement = (
  name: string,
  target: string,
  value: unknown,
  opts: XmlWriteOptions,
  member?: Member,
  extraAttrs = '',
): string => writerFor(target, opts, member)(name, value, extraAttrs)

/** The child elements of a structure value, in model member order (AWS's order). */
export const structureBody = (
  members: Record<string, Member>,
  value: unknown,
  opts: XmlWriteOptions,
): string => structureBodyWriter(members, opts)(value)

// ---------------------------------------------------------------------------------------------
// Reading

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Values are data (S3 keys may start or end with spaces), so nothing is trimmed.
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Also decodes numeric character references (`&#10;`), which plain XML entity handling skips.
  htmlEntities: true,
})

type XmlTree = Record<string, unknown>

/** Parses XML text into the generic tree; undefined when it is not well-formed. */
export const parseXmlTree = (text: string): XmlTree | undefined => {
  if (text.trim() === '' || XMLValidator.validate(text) !== true) return undefined
  try {
    return parser.parse(text) as XmlTree
  } catch {
    return undefined
  }
}

/** The single root element of a parsed document: its name and content. */
export const rootOf = (tree: XmlTree): [string, unknown] | undefined => {
  const entry = Object.entries(tree).find(([k]) => !k.startsWith('@_') && k !== '#text')
  return entry
}

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

const textOf = (node: unknown): string => {
  if (typeof node === 'string') return node
  if (node && typeof node === 'object') {
    const text = (node as XmlTree)['#text']
    return typeof text === 'string' ? text : ''
  }
  return ''
}

const childOf = (node: unknown, name: string): unknown =>
  node && typeof node === 'object' && Object.hasOwn(node, name)
    ? (node as XmlTree)[name]
    : undefined

/** Reads an element's content as a value of shape `target`. */
export const readXmlValue = (
  node: unknown,
  target: string,
  shapes: Record<string, Shape>,
): unknown => {
  const shape = shapeOf(shapes, target)
  switch (shape.type) {
    case 'structure':
    case 'union':
      return readXmlStructure(node, shape.members, shapes)
    case 'list': {
      const itemName = shape.member.xmlName ?? 'member'
      return asArray(childOf(node, itemName)).map((item) =>
        readXmlValue(item, shape.member.target, shapes),
      )
    }
    case 'map':
      return readXmlMap(asArray(childOf(node, 'entry')), shape.key, shape.value, shapes)
    default:
      return scalarFromText(textOf(node), shape, 'date-time')
  }
}

const readXmlMap = (
  entries: unknown[],
  key: Member,
  value: Member,
  shapes: Record<string, Shape>,
) => {
  const map: Record<string, unknown> = {}
  for (const entry of entries) {
    const k = textOf(childOf(entry, key.xmlName ?? 'key'))
    Object.defineProperty(map, k, {
      value: readXmlValue(childOf(entry, value.xmlName ?? 'value'), value.target, shapes),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return map
}

/** Reads a structure's members from an element's content (attributes, flattened lists, names). */
export const readXmlStructure = (
  node: unknown,
  members: Record<string, Member>,
  shapes: Record<string, Shape>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, m] of Object.entries(members)) {
    const wireName = m.xmlName ?? name
    if (m.xmlAttribute) {
      // The parser drops namespace prefixes (removeNSPrefix): `xsi:type` arrives as `type`.
      const attr = childOf(node, `@_${wireName.slice(wireName.indexOf(':') + 1)}`)
      if (typeof attr === 'string')
        out[name] = scalarFromText(attr, shapeOf(shapes, m.target), 'date-time')
      continue
    }
    const child = childOf(node, wireName)
    if (child === undefined) continue
    const shape = shapeOf(shapes, m.target)
    if (m.xmlFlattened && shape.type === 'list') {
      out[name] = asArray(child).map((item) => readXmlValue(item, shape.member.target, shapes))
    } else if (m.xmlFlattened && shape.type === 'map') {
      out[name] = readXmlMap(asArray(child), shape.key, shape.value, shapes)
    } else {
      // A repeated non-list element is a client error; the last one wins, as in most XML readers.
      const items = asArray(child)
      out[name] = readXmlValue(items[items.length - 1], m.target, shapes)
    }
  }
  return out
}
