/**
 * Shape-directed walking shared by the protocols: shape lookup (with Smithy prelude shapes) and
 * one value codec for the document-style protocols (awsJson over JSON or CBOR), parameterised
 * by how blobs and timestamps look on the wire. Type mismatches fail the way AWS's Coral
 * deserializer does: a SerializationException with its wording.
 */
import { AwsError } from '../server/errors.js'
import type { Member, NumberShape, ServiceModel, Shape } from './model.js'
import { asDate } from './timestamps.js'

const prelude: Record<string, Shape> = {
  String: { type: 'string' },
  Blob: { type: 'blob' },
  Boolean: { type: 'boolean' },
  PrimitiveBoolean: { type: 'boolean' },
  Byte: { type: 'byte' },
  PrimitiveByte: { type: 'byte' },
  Short: { type: 'short' },
  PrimitiveShort: { type: 'short' },
  Integer: { type: 'integer' },
  PrimitiveInteger: { type: 'integer' },
  Long: { type: 'long' },
  PrimitiveLong: { type: 'long' },
  Float: { type: 'float' },
  PrimitiveFloat: { type: 'float' },
  Double: { type: 'double' },
  PrimitiveDouble: { type: 'double' },
  BigInteger: { type: 'bigInteger' },
  BigDecimal: { type: 'bigDecimal' },
  Timestamp: { type: 'timestamp' },
  Document: { type: 'document' },
  Unit: { type: 'structure', members: {} },
}

/** The shape a target names; prelude shapes (`smithy.api#String`) need not be in the model. */
export const shapeOf = (model: ServiceModel, name: string): Shape => {
  const shape =
    model.shapes[name] ?? (name.startsWith('smithy.api#') ? prelude[name.slice(11)] : undefined)
  if (!shape) throw new Error(`shape ${name} is not in model ${model.id}`)
  return shape
}

/** AWS names members in messages by their name with the first letter lower-cased. */
export const lowerFirst = (name: string): string =>
  name ? name[0]?.toLowerCase() + name.slice(1) : name

/** Sets a key on a plain object without letting `__proto__` (a user's map key) touch the prototype. */
export const setKey = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  else target[key] = value
}

export const serializationException = (message = ''): AwsError =>
  new AwsError('SerializationException', message, 400)

/** How blobs and timestamps look on one wire; everything else is shared. */
export interface ValueFormat {
  /** Wire value of a blob member → bytes; throws a SerializationException when it is not one. */
  readBlob(value: unknown): Buffer
  readTimestamp(value: unknown): Date
  writeBlob(bytes: Buffer): unknown
  writeTimestamp(date: Date): unknown
}

/** Coral's name for the kind of a wire value in its conversion errors. */
const valueToken = (value: unknown): string => {
  if (value === true) return 'TRUE_VALUE'
  if (value === false) return 'FALSE_VALUE'
  if (typeof value === 'number' || typeof value === 'bigint') return 'NUMBER_VALUE'
  if (typeof value === 'string') return 'STRING_VALUE'
  return 'VALUE'
}

/**
 * The SerializationException for `value` found where `target` (Coral's wording: `an Integer`,
 * `a String`, `milliseconds since epoch`) was expected. Lists and maps have their own messages.
 */
export const conversionError = (value: unknown, target: string): AwsError => {
  if (Array.isArray(value)) return serializationException('Start of list found where not expected')
  if (isMap(value))
    return serializationException('Start of structure or map found where not expected.')
  return serializationException(`${valueToken(value)} can not be converted to ${target}`)
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array) &&
  !(value instanceof Date)

const numberTargets: Record<NumberShape['type'], string> = {
  byte: 'an Byte',
  short: 'an Short',
  integer: 'an Integer',
  intEnum: 'an Integer',
  long: 'an Long',
  float: 'an Float',
  double: 'an Double',
  bigInteger: 'an BigInteger',
  bigDecimal: 'an BigDecimal',
}

/** Java's bounds: Coral reads into these types, so larger values cannot arrive as such. */
const integerBounds: Partial<Record<NumberShape['type'], [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  intEnum: [-2147483648, 2147483647],
}

const trueStrings = new Set(['true', 'yes', 'y', 't', '1'])
const falseStrings = new Set(['false', 'no', 'n', 'f', '0'])

/**
 * Decodes a parsed wire document into the input of `shapeName`: wire member names kept, unknown
 * members and nulls dropped (AWS treats a null member as absent), blobs to Buffer, timestamps to
 * Date. Throws the SerializationException AWS answers for a value of the wrong type.
 */
export const decodeValue = (
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  format: ValueFormat,
): unknown => decoderFor(model, shapeName, format)(value)

const buildDecoder = (model: ServiceModel, shapeName: string, format: ValueFormat): Codec => {
  const shape = shapeOf(model, shapeName)
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const members = shape.members
      // Member decoders resolved on first use: a member never sent never needs its shape.
      const decoders = new Map<string, Codec>()
      return (value) => {
        if (!isMap(value)) {
          if (Array.isArray(value))
            throw serializationException('Start of list found where not expected')
          throw serializationException('Expected null')
        }
        const out: Record<string, unknown> = {}
        for (const key in value) {
          // Own keys only: a CBOR map key `__proto__` can give the decoded object a prototype.
          if (!Object.hasOwn(value, key)) continue
          const v = value[key]
          if (v === null || v === undefined) continue
          let decode = decoders.get(key)
          if (decode === undefined) {
            if (!Object.hasOwn(members, key)) continue
            decode = decoderFor(model, (members[key] as Member).target, format)
            decoders.set(key, decode)
          }
          out[key] = decode(v)
        }
        return out
      }
    }
    case 'list': {
      const target = shape.member.target
      const sparse = shape.sparse === true
      return (value) => {
        if (!Array.isArray(value)) {
          if (isMap(value))
            throw serializationException('Start of structure or map found where not expected.')
          throw serializationException('Expected list or null')
        }
        const item = decoderFor(model, target, format)
        const out: unknown[] = []
        for (const x of value) {
          if (x === null || x === undefined) {
            // AWS skips null entries of ordinary lists; sparse lists keep them.
            if (sparse) out.push(null)
            continue
          }
          out.push(item(x))
        }
        return out
      }
    }
    case 'map': {
      const target = shape.value.target
      const sparse = shape.sparse === true
      return (value) => {
        if (!isMap(value)) {
          if (Array.isArray(value))
            throw serializationException('Start of list found where not expected')
          throw serializationException('Expected map or null')
        }
        const item = decoderFor(model, target, format)
        const out: Record<string, unknown> = {}
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue
          const v = value[key]
          if (v === null || v === undefined) {
            if (sparse) setKey(out, key, null)
            continue
          }
          setKey(out, key, item(v))
        }
        return out
      }
    }
    case 'string':
      return (value) => {
        if (typeof value !== 'string') throw conversionError(value, 'a String')
        return value
      }
    case 'boolean':
      return (value) => {
        if (typeof value === 'boolean') return value
        // Coral converts the usual textual booleans; anything else is a conversion error.
        if (typeof value === 'string') {
          const lower = value.toLowerCase()
          if (trueStrings.has(lower)) return true
          if (falseStrings.has(lower)) return false
        }
        throw conversionError(value, 'an Boolean')
      }
    case 'blob':
      return (value) => format.readBlob(value)
    case 'timestamp':
      return (value) => format.readTimestamp(value)
    case 'document':
      return (value) => value
    default: {
      const type = shape.type
      const isFractional = type === 'float' || type === 'double' || type === 'bigDecimal'
      // Coral truncates fractions and saturates at the Java type's bounds.
      const bounds = integerBounds[type]
      return (value) => {
        if (typeof value === 'bigint') return Number(value)
        if (typeof value !== 'number') throw conversionError(value, numberTargets[type])
        if (isFractional) return value
        const whole = Math.trunc(value)
        return bounds ? Math.min(Math.max(whole, bounds[0]), bounds[1]) : whole
      }
    }
  }
}

/**
 * Encodes a handler's output value of `shapeName` for the wire: only modeled, set members (so no
 * internal field leaks), blobs and timestamps in the wire's form.
 */
export const encodeValue = (
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  format: ValueFormat,
): unknown => encoderFor(model, shapeName, format)(value)

type Codec = (value: unknown) => unknown
type BuildCodec = (model: ServiceModel, shapeName: string, format: ValueFormat) => Codec

/**
 * One codec per (model, format, shape), built on first use: values then follow prebuilt closures
 * instead of looking shapes up by name for every value of every request and response.
 */
const codecCache = (build: BuildCodec): BuildCodec => {
  const cache = new WeakMap<ServiceModel, WeakMap<ValueFormat, Map<string, Codec>>>()
  return (model, shapeName, format) => {
    let byFormat = cache.get(model)
    if (!byFormat) {
      byFormat = new WeakMap()
      cache.set(model, byFormat)
    }
    let byShape = byFormat.get(format)
    if (!byShape) {
      byShape = new Map()
      byFormat.set(format, byShape)
    }
    const known = byShape.get(shapeName)
    if (known) return known
    // A recursive shape meets itself while being built: it gets this forwarder meanwhile.
    let built: Codec | undefined
    byShape.set(shapeName, (v) => built!(v))
    try {
      built = build(model, shapeName, format)
    } catch (e) {
      byShape.delete(shapeName)
      throw e
    }
    byShape.set(shapeName, built)
    return built
  }
}

const passScalar: Codec = (value) => (typeof value === 'bigint' ? Number(value) : value)

const buildEncoder: BuildCodec = (model, shapeName, format) => {
  const shape = shapeOf(model, shapeName)
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const names = Object.keys(shape.members)
      const targets = names.map((name) => (shape.members[name] as Member).target)
      // Member encoders are resolved on first use, so a member never set never needs its shape.
      const encs: Array<Codec | undefined> = names.map(() => undefined)
      const n = names.length
      return (value) => {
        if (!isMap(value)) return undefined
        const out: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) {
          const name = names[i]!
          const v = value[name]
          if (v === undefined || v === null) continue
          let enc = encs[i]
          if (enc === undefined) {
            enc = encoderFor(model, targets[i]!, format)
            encs[i] = enc
          }
          const encoded = enc(v)
          if (encoded !== undefined) out[name] = encoded
        }
        return out
      }
    }
    case 'list': {
      const target = shape.member.target
      return (value) => {
        if (!Array.isArray(value)) return undefined
        const item = encoderFor(model, target, format)
        return value.map((x) => (x === null || x === undefined ? null : item(x)))
      }
    }
    case 'map': {
      const target = shape.value.target
      return (value) => {
        if (!isMap(value)) return undefined
        const item = encoderFor(model, target, format)
        const out: Record<string, unknown> = {}
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue
          const v = value[key]
          setKey(out, key, v === null || v === undefined ? null : item(v))
        }
        return out
      }
    }
    case 'blob':
      return (value) => {
        if (Buffer.isBuffer(value)) return format.writeBlob(value)
        if (value instanceof Uint8Array)
          return format.writeBlob(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
        if (typeof value === 'string') return format.writeBlob(Buffer.from(value, 'utf8'))
        return undefined
      }
    case 'timestamp':
      return (value) => {
        const date = asDate(value)
        return date ? format.writeTimestamp(date) : undefined
      }
    default:
      return passScalar
  }
}

const encoderFor = codecCache(buildEncoder)
const decoderFor = codecCache(buildDecoder)
