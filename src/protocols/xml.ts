/**
 * Model-directed XML for restXml (S3) and awsQuery responses: Smithy's XML binding traits
 * (`@xmlName`, `@xmlFlattened`, `@xmlAttribute`, `@xmlNamespace`) decide element names and shapes.
 * Reading goes through fast-xml-parser's generic tree, then the model picks what it knows.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { scalarFromText, scalarToText, shapeOf } from './http-bindings.js'
import type { Member, Shape } from './model.js'
import { asDate } from './timestamps.js'

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
      const iso = date.toISOString()
      return opts.dateTime === 'seconds' ? iso.replace(/\.\d+Z$/, 'Z') : iso
    }
  }
  return scalarToText(value, shape, 'date-time')
}

const element = (name: string, attrs: string, inner: string): string =>
  `<${name}${attrs}>${inner}</${name}>`

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
): string => {
  if (value === undefined || value === null) return ''
  const shape = shapeOf(opts.shapes, target)
  const attrs = extraAttrs + nsAttr(member?.xmlNamespace ?? shape.xmlNamespace)
  switch (shape.type) {
    case 'structure':
    case 'union':
      return element(
        name,
        attrs + structureAttrs(shape.members, value, opts),
        structureBody(shape.members, value, opts),
      )
    case 'list': {
      if (!Array.isArray(value)) return ''
      if (member?.xmlFlattened) {
        // Flattened lists repeat the member's own element; the list's member traits still apply.
        return value
          .map((item) =>
            writeXmlElement(name, shape.member.target, item, opts, shape.member, attrs),
          )
          .join('')
      }
      const itemName = shape.member.xmlName ?? 'member'
      const items = value.map((item) =>
        writeXmlElement(itemName, shape.member.target, item, opts, shape.member),
      )
      return element(name, attrs, items.join(''))
    }
    case 'map': {
      if (typeof value !== 'object') return ''
      const keyName = shape.key.xmlName ?? 'key'
      const valueName = shape.value.xmlName ?? 'value'
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) =>
          writeXmlElement(keyName, shape.key.target, k, opts, shape.key) +
          writeXmlElement(valueName, shape.value.target, v, opts, shape.value),
      )
      if (member?.xmlFlattened) return entries.map((e) => element(name, attrs, e)).join('')
      return element(name, attrs, entries.map((e) => element('entry', '', e)).join(''))
    }
    default: {
      const text = scalarText(value, shape, opts)
      return text === undefined ? '' : element(name, attrs, escapeXml(text))
    }
  }
}

const structureAttrs = (
  members: Record<string, Member>,
  value: unknown,
  opts: XmlWriteOptions,
): string => {
  if (!value || typeof value !== 'object') return ''
  const record = value as Record<string, unknown>
  let attrs = ''
  for (const [name, m] of Object.entries(members)) {
    if (!m.xmlAttribute || record[name] === undefined) continue
    const text = scalarText(record[name], shapeOf(opts.shapes, m.target), opts)
    if (text !== undefined) attrs += ` ${m.xmlName ?? name}="${escapeXml(text)}"`
  }
  return attrs
}

/** The child elements of a structure value, in model member order (AWS's order). */
export const structureBody = (
  members: Record<string, Member>,
  value: unknown,
  opts: XmlWriteOptions,
): string => {
  if (!value || typeof value !== 'object') return ''
  const record = value as Record<string, unknown>
  let out = ''
  for (const [name, m] of Object.entries(members)) {
    if (m.xmlAttribute || m.location !== undefined) continue
    out += writeXmlElement(m.xmlName ?? name, m.target, record[name], opts, m)
  }
  return out
}

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
