import { createHmac, timingSafeEqual } from 'node:crypto'
import type { QueryParameterBag } from '@smithy/types'
import type { WireRequest } from '../protocols/protocol.js'
import { decodeUriOrKeep } from '../protocols/uri.js'
import { AwsError } from './errors.js'

/** How a service family spells authentication errors on the wire. */
export type AuthErrorStyle = 'json' | 'query' | 's3' | 'restJson'

export interface SigV4Info {
  accessKeyId: string
  /** The request time (X-Amz-Date, or the Date header). */
  date: Date
  /** The request time as it enters the string to sign: `YYYYMMDDTHHMMSSZ`. */
  longDate: string
  /** The credential scope date `YYYYMMDD`. */
  dateStamp: string
  region: string
  service: string
  /** Lower-cased names joined by `;`, as the client listed them (split only to verify). */
  signedHeaders: string
  signature: string
  presigned: boolean
  expiresSeconds?: number
  sessionToken?: string
  /**
   * The payload hash the client declared (x-amz-content-sha256, X-Amz-Content-Sha256, or
   * UNSIGNED-PAYLOAD for presigned S3). Undefined means "hash the body": that is deferred to
   * verification so unknown keys on the hot path never hash bodies.
   */
  payloadHash?: string
}

/** Why authentication failed; the wording per style lives in `authError`. */
export type SigV4Problem =
  | { kind: 'missing' }
  | { kind: 'both' }
  | { kind: 'incompleteHeader'; missing: string[]; noDate: boolean; header: string }
  | { kind: 'incompleteQuery'; missing: string[] }
  | { kind: 'algorithm'; algorithm: string; presigned: boolean }
  | { kind: 'credential'; credential: string; presigned: boolean }
  | { kind: 'terminator'; terminator: string; presigned: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'scopeDate'; scopeDate: string; longDate: string }
  | { kind: 'expires'; value: string }
  | { kind: 'skewPast'; longDate: string; now: number }
  | { kind: 'skewFuture'; longDate: string; now: number }
  | { kind: 'presignExpired'; date: Date; expiresSeconds: number; now: number }
  | { kind: 'unknownKey'; accessKeyId: string }
  | { kind: 'invalidToken'; accessKeyId: string }
  | { kind: 'expiredToken'; accessKeyId: string }
  | {
      kind: 'mismatch'
      accessKeyId: string
      signatureProvided: string
      stringToSign?: string
      canonicalRequest?: string
    }
  // Signature Version 2 (S3 only, src/server/sigv2.ts)
  | { kind: 'v2Header' }
  | { kind: 'v2Query' }
  | { kind: 'v2Expired'; expiresAt: number; now: number }

/** An AwsError that remembers why, so a caller can re-render it in another style. */
export class SigV4Error extends AwsError {
  constructor(
    readonly problem: SigV4Problem,
    style: AuthErrorStyle,
  ) {
    const e = describe(problem, style)
    super(e.code, e.message, e.status, e.fields)
  }
}

export const authError = (style: AuthErrorStyle, problem: SigV4Problem): SigV4Error =>
  new SigV4Error(problem, style)

export const ALGORITHM = 'AWS4-HMAC-SHA256'
export const TERMINATOR = 'aws4_request'
export const MAX_SKEW_MS = 15 * 60 * 1000
const MAX_EXPIRES = 604800
export const UNSIGNED = 'UNSIGNED-PAYLOAD'
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/**
 * The service named by the credential scope, without full parsing: routing calls this for every
 * request, so it only slices strings (no regex, no allocation beyond the result).
 */
export const credentialScopeService = (req: WireRequest): string | undefined => {
  const auth = req.headers['authorization']
  if (auth !== undefined) {
    const at = auth.indexOf('Credential=')
    return at < 0 ? undefined : fifthPart(auth, at + 11, '/')
  }
  const q = req.rawQuery
  const at = q.indexOf('X-Amz-Credential=')
  if (at < 0) return undefined
  const end = q.indexOf('&', at)
  const value = q.slice(at + 17, end < 0 ? q.length : end)
  // The slashes arrive percent-encoded; decode only the one value.
  return fifthPart(decodeUriOrKeep(value), 0, '/')
}

// Returns the 4th slash-delimited element (the service) of a credential starting at `from`.
const fifthPart = (s: string, from: number, sep: string): string | undefined => {
  let start = from
  for (let i = 0; i < 3; i++) {
    const slash = s.indexOf(sep, start)
    if (slash < 0) return undefined
    start = slash + 1
  }
  const end = s.indexOf(sep, start)
  return end < 0 ? undefined : s.slice(start, end)
}

/**
 * SigV4 from the Authorization header or presigned query parameters. Undefined when the request
 * carries no authentication at all; throws SigV4Error (in `style`) for malformed auth.
 */
export const parseSigV4 = (
  req: WireRequest,
  style: AuthErrorStyle = 'json',
): SigV4Info | undefined => {
  const header = req.headers['authorization']
  const hasQueryAuth =
    req.rawQuery.length > 0 &&
    (req.rawQuery.includes('X-Amz-Algorithm=') ||
      req.rawQuery.includes('X-Amz-Credential=') ||
      req.rawQuery.includes('X-Amz-Signature='))
  if (header !== undefined && hasQueryAuth) throw authError(style, { kind: 'both' })
  if (header !== undefined) return parseHeader(req, header, style)
  if (hasQueryAuth) return parseQuery(req, style)
  return undefined
}

const parseHeader = (req: WireRequest, header: string, style: AuthErrorStyle): SigV4Info => {
  const space = header.indexOf(' ')
  const algorithm = space < 0 ? header : header.slice(0, space)
  let credential = ''
  let signedHeaders = ''
  let signature = ''
  // Components are `Name=value` separated by commas and/or spaces. Scanned by index: this runs
  // for every request, and split/trim would allocate an array and a string per component.
  let at = space < 0 ? header.length : space + 1
  while (at < header.length) {
    let comma = header.indexOf(',', at)
    if (comma < 0) comma = header.length
    let from = at
    let to = comma
    while (from < to && header.charCodeAt(from) <= 32) from++
    while (to > from && header.charCodeAt(to - 1) <= 32) to--
    const eq = header.indexOf('=', from)
    if (eq >= 0 && eq < to) {
      const value = header.slice(eq + 1, to)
      if (eq - from === 10 && header.startsWith('Credential', from)) credential = value
      else if (eq - from === 13 && header.startsWith('SignedHeaders', from)) signedHeaders = value
      else if (eq - from === 9 && header.startsWith('Signature', from)) signature = value
    }
    at = comma + 1
  }
  const amzDate = req.headers['x-amz-date']
  const httpDate = req.headers['date']
  const missing: string[] = []
  if (!credential) missing.push('Credential')
  if (!signature) missing.push('Signature')
  if (!signedHeaders) missing.push('SignedHeaders')
  const noDate = amzDate === undefined && httpDate === undefined
  if (missing.length > 0 || noDate) {
    throw authError(style, { kind: 'incompleteHeader', missing, noDate, header })
  }
  if (algorithm !== ALGORITHM)
    throw authError(style, { kind: 'algorithm', algorithm, presigned: false })
  const date = amzDate !== undefined ? parseLongDate(amzDate) : parseHttpDate(httpDate ?? '')
  if (!date) throw authError(style, { kind: 'date', value: amzDate ?? httpDate ?? '' })
  const longDate = amzDate ?? formatLongDate(date)
  const scope = parseCredential(credential, false, style)
  if (scope.dateStamp !== longDate.slice(0, 8)) {
    throw authError(style, { kind: 'scopeDate', scopeDate: scope.dateStamp, longDate })
  }
  const sessionToken = req.headers['x-amz-security-token']
  const payloadHash = req.headers['x-amz-content-sha256']
  return sigV4Info(
    scope,
    date,
    longDate,
    signedHeaders,
    signature,
    false,
    undefined,
    sessionToken,
    payloadHash,
  )
}

const QUERY_AUTH_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const

const parseQuery = (req: WireRequest, style: AuthErrorStyle): SigV4Info => {
  const query = parseQueryString(req.rawQuery)
  const get = (name: string): string | undefined => {
    const v = query[name]
    return Array.isArray(v) ? v[0] : (v ?? undefined)
  }
  const missing: string[] = QUERY_AUTH_PARAMS.filter((p) => !get(p))
  // S3 also insists on X-Amz-Expires; the other services default it.
  if (style === 's3' && !get('X-Amz-Expires')) missing.push('X-Amz-Expires')
  if (missing.length > 0) throw authError(style, { kind: 'incompleteQuery', missing })
  const algorithm = get('X-Amz-Algorithm')!
  if (algorithm !== ALGORITHM)
    throw authError(style, { kind: 'algorithm', algorithm, presigned: true })
  const longDate = get('X-Amz-Date')!
  const date = parseLongDate(longDate)
  if (!date) throw authError(style, { kind: 'date', value: longDate })
  const scope = parseCredential(get('X-Amz-Credential')!, true, style)
  if (scope.dateStamp !== longDate.slice(0, 8)) {
    throw authError(style, { kind: 'scopeDate', scopeDate: scope.dateStamp, longDate })
  }
  const expiresRaw = get('X-Amz-Expires')
  let expiresSeconds: number | undefined
  if (expiresRaw !== undefined) {
    expiresSeconds = isDigits(expiresRaw) ? Number(expiresRaw) : Number.NaN
    if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_EXPIRES)) {
      throw authError(style, { kind: 'expires', value: expiresRaw })
    }
  }
  const sessionToken = get('X-Amz-Security-Token') ?? req.headers['x-amz-security-token']
  const declared = req.headers['x-amz-content-sha256'] ?? get('X-Amz-Content-Sha256')
  // Presigned S3 URLs never cover the body (AWS and every SDK sign UNSIGNED-PAYLOAD).
  const payloadHash = declared ?? (scope.service === 's3' ? UNSIGNED : undefined)
  const signedHeaders = get('X-Amz-SignedHeaders')!
  return sigV4Info(
    scope,
    date,
    longDate,
    signedHeaders,
    get('X-Amz-Signature')!,
    true,
    expiresSeconds,
    sessionToken,
    payloadHash,
  )
}

// One fixed object shape, no spreads: this runs for every request and spreads cost 5x here.
const sigV4Info = (
  scope: Scope,
  date: Date,
  longDate: string,
  signedHeaders: string,
  signature: string,
  presigned: boolean,
  expiresSeconds: number | undefined,
  sessionToken: string | undefined,
  payloadHash: string | undefined,
): SigV4Info => ({
  accessKeyId: scope.accessKeyId,
  dateStamp: scope.dateStamp,
  region: scope.region,
  service: scope.service,
  date,
  longDate,
  signedHeaders,
  signature,
  presigned,
  expiresSeconds,
  sessionToken,
  payloadHash,
})

interface Scope {
  accessKeyId: string
  dateStamp: string
  region: string
  service: string
}

const parseCredential = (credential: string, presigned: boolean, style: AuthErrorStyle): Scope => {
  // Five non-empty slash-separated parts, found by index (no array per request).
  const s1 = credential.indexOf('/')
  const s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1)
  const s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1)
  const s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1)
  const isWellFormed =
    s1 > 0 &&
    s2 > s1 + 1 &&
    s3 > s2 + 1 &&
    s4 > s3 + 1 &&
    s4 < credential.length - 1 &&
    credential.indexOf('/', s4 + 1) < 0
  if (!isWellFormed) throw authError(style, { kind: 'credential', credential, presigned })
  const terminator = credential.slice(s4 + 1)
  if (terminator !== TERMINATOR)
    throw authError(style, { kind: 'terminator', terminator, presigned })
  return {
    accessKeyId: credential.slice(0, s1),
    dateStamp: credential.slice(s1 + 1, s2),
    region: credential.slice(s2 + 1, s3),
    service: credential.slice(s3 + 1, s4),
  }
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

// Every request in the same second carries the same x-amz-date: remember the last one parsed.
let lastLongDate = ''
let lastParsed: Date | undefined

/** `YYYYMMDDTHHMMSSZ` → Date, or undefined when it is not exactly that. */
export const parseLongDate = (s: string): Date | undefined => {
  if (s === lastLongDate) return lastParsed
  if (s.length !== 16 || s[8] !== 'T' || s[15] !== 'Z') return undefined
  const digits = s.slice(0, 8) + s.slice(9, 15)
  if (!isDigits(digits)) return undefined
  const year = Number(digits.slice(0, 4))
  const month = Number(digits.slice(4, 6)) - 1
  const day = Number(digits.slice(6, 8))
  const hour = Number(digits.slice(8, 10))
  const minute = Number(digits.slice(10, 12))
  const second = Number(digits.slice(12, 14))
  const d = new Date(Date.UTC(year, month, day, hour, minute, second))
  // Rejects 20250231 and friends, which Date.UTC would silently roll over.
  const isExact =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second
  if (!isExact) return undefined
  lastLongDate = s
  lastParsed = d
  return d
}

export const parseHttpDate = (s: string): Date | undefined => {
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

export const formatLongDate = (d: Date): string =>
  d.toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '') + 'Z'

/** The raw query decoded the way smithy's signer expects it: repeated keys become arrays. */
export const parseQueryString = (raw: string): QueryParameterBag => {
  const out: QueryParameterBag = Object.create(null)
  if (raw.length === 0) return out
  for (const pair of raw.split('&')) {
    if (pair.length === 0) continue
    const eq = pair.indexOf('=')
    const key = decodeUriOrKeep(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : decodeUriOrKeep(pair.slice(eq + 1))
    const prev = out[key]
    if (prev === undefined || prev === null) out[key] = value
    else if (Array.isArray(prev)) prev.push(value)
    else out[key] = [prev, value]
  }
  return out
}

/** Time checks AWS makes before looking at the signature: skew, and presigned expiry. */
export const checkSigV4Time = (info: SigV4Info, now: number, style: AuthErrorStyle): void => {
  const t = info.date.getTime()
  if (info.presigned && info.expiresSeconds !== undefined) {
    if (now > t + info.expiresSeconds * 1000) {
      throw authError(style, {
        kind: 'presignExpired',
        date: info.date,
        expiresSeconds: info.expiresSeconds,
        now,
      })
    }
    if (t - now > MAX_SKEW_MS)
      throw authError(style, { kind: 'skewFuture', longDate: info.longDate, now })
    return
  }
  if (now - t > MAX_SKEW_MS)
    throw authError(style, { kind: 'skewPast', longDate: info.longDate, now })
  if (t - now > MAX_SKEW_MS)
    throw authError(style, { kind: 'skewFuture', longDate: info.longDate, now })
}

export interface SigningSecret {
  secretAccessKey: string
  sessionToken?: string
}

export interface VerifyOptions {
  /** False only for S3, whose SDKs sign the path as sent. */
  uriEscapePath: boolean
  /** When given, skew and presigned expiry are checked first (throwing in `style`). */
  now?: number
  style?: AuthErrorStyle
}

export interface ComputedSignature {
  signature: string
  canonicalRequest: string
  stringToSign: string
}

/**
 * Re-derives the signature a client holding `secret` would have sent for this request. The
 * signer (smithy, tens of ms to load) is imported on first use: only known keys are verified.
 */
export const computeSignature = async (
  req: WireRequest,
  info: SigV4Info,
  secret: SigningSecret,
  opts: VerifyOptions,
): Promise<ComputedSignature> => {
  const { resign } = await import('./sigv4-resign.js')
  return resign(req, info, secret, opts)
}

/** True when the request's signature matches one made with `secretAccessKey`. */
export const verifySigV4 = async (
  req: WireRequest,
  info: SigV4Info,
  secretAccessKey: string,
  opts: VerifyOptions,
): Promise<boolean> => {
  if (opts.now !== undefined) checkSigV4Time(info, opts.now, opts.style ?? 'json')
  const { signature } = await computeSignature(
    req,
    info,
    {
      secretAccessKey,
      ...(info.sessionToken !== undefined ? { sessionToken: info.sessionToken } : {}),
    },
    opts,
  )
  return signaturesEqual(signature, info.signature)
}

export const signaturesEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

// ---------------------------------------------------------------------------------------------
// AWS's wording, once. json = Kinesis/Firehose/Glue (awsJson), query = IAM/STS (awsQuery),
// s3 = S3 (restXml), restJson = API Gateway control plane.

interface Described {
  code: string
  message: string
  status: number
  fields?: Record<string, unknown>
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
const S3_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
const TOKEN_INVALID = 'The security token included in the request is invalid.'
const TOKEN_EXPIRED = 'The security token included in the request is expired'
const CREDENTIAL_FORM = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"'

// Codes by meaning and style: [json, query, restJson] (S3 is spelled out below).
const CODES = {
  missing: [
    'MissingAuthenticationTokenException',
    'MissingAuthenticationToken',
    'MissingAuthenticationTokenException',
  ],
  incomplete: [
    'IncompleteSignatureException',
    'IncompleteSignature',
    'IncompleteSignatureException',
  ],
  invalidToken: [
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'UnrecognizedClientException',
  ],
  signature: ['InvalidSignatureException', 'SignatureDoesNotMatch', 'InvalidSignatureException'],
  expiredToken: ['ExpiredTokenException', 'ExpiredToken', 'ExpiredTokenException'],
} as const

const styleIndex = { json: 0, query: 1, restJson: 2 } as const

// awsJson services answer every auth failure with 400; awsQuery and API Gateway with 403,
// except IncompleteSignature, which AWS's common-errors table lists as 400.
const statusOf = (meaning: keyof typeof CODES, style: 'json' | 'query' | 'restJson'): number => {
  if (style === 'json') return 400
  if (style === 'query' && meaning === 'incomplete') return 400
  return 403
}

const coral = (
  meaning: keyof typeof CODES,
  style: 'json' | 'query' | 'restJson',
  message: string,
): Described => ({
  code: CODES[meaning][styleIndex[style]],
  message,
  status: statusOf(meaning, style),
})

const isoSeconds = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z'
const hexBytes = (s: string): string =>
  Buffer.from(s)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ')

const describe = (p: SigV4Problem, style: AuthErrorStyle): Described =>
  style === 's3' ? describeS3(p) : describeCoral(p, style)

const describeCoral = (p: SigV4Problem, style: 'json' | 'query' | 'restJson'): Described => {
  switch (p.kind) {
    case 'missing':
      return coral(
        'missing',
        style,
        style === 'query'
          ? 'Request is missing Authentication Token'
          : 'Missing Authentication Token',
      )
    case 'both':
      return coral(
        'signature',
        style,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
      )
    case 'incompleteHeader': {
      let msg = ''
      for (const m of p.missing) msg += `Authorization header requires '${m}' parameter. `
      if (p.noDate) {
        msg +=
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
      }
      return coral('incomplete', style, `${msg}Authorization=${p.header}`)
    }
    case 'incompleteQuery': {
      let msg = ''
      for (const m of p.missing) msg += `AWS query-string parameters must include '${m}'. `
      return coral('incomplete', style, `${msg}Re-examine the query-string parameters.`)
    }
    case 'algorithm':
      return coral('incomplete', style, `Unsupported AWS 'algorithm': '${p.algorithm}'`)
    case 'credential':
      return coral(
        'incomplete',
        style,
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${p.credential}'`,
      )
    case 'terminator':
      return coral(
        'signature',
        style,
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${p.terminator}'.`,
      )
    case 'date':
      return coral(
        'incomplete',
        style,
        `Date must be in ISO-8601 'basic format'. Got '${p.value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      )
    case 'scopeDate':
      return coral(
        'signature',
        style,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.scopeDate}' != '${p.longDate.slice(0, 8)}', from '${p.longDate}'.`,
      )
    case 'expires':
      return coral(
        'incomplete',
        style,
        `X-Amz-Expires must be between 1 and ${MAX_EXPIRES} seconds. Got '${p.value}'.`,
      )
    case 'skewPast': {
      const now = formatLongDate(new Date(p.now))
      const limit = formatLongDate(new Date(p.now - MAX_SKEW_MS))
      return coral(
        'signature',
        style,
        `Signature expired: ${p.longDate} is now earlier than ${limit} (${now} - 15 min.)`,
      )
    }
    case 'skewFuture': {
      const now = formatLongDate(new Date(p.now))
      const limit = formatLongDate(new Date(p.now + MAX_SKEW_MS))
      return coral(
        'signature',
        style,
        `Signature not yet current: ${p.longDate} is still later than ${limit} (${now} + 15 min.)`,
      )
    }
    case 'presignExpired': {
      const expiry = formatLongDate(new Date(p.date.getTime() + p.expiresSeconds * 1000))
      return coral(
        'signature',
        style,
        `Signature expired: ${expiry} is now earlier than ${formatLongDate(new Date(p.now))}`,
      )
    }
    case 'unknownKey':
    case 'invalidToken':
      return coral('invalidToken', style, TOKEN_INVALID)
    case 'expiredToken':
      return coral('expiredToken', style, TOKEN_EXPIRED)
    case 'mismatch':
      return coral('signature', style, MISMATCH)
    case 'v2Header':
    case 'v2Query':
    case 'v2Expired':
      // Signature Version 2 is S3's alone; elsewhere it is a signature that does not verify.
      return coral('signature', style, MISMATCH)
  }
}

const describeS3 = (p: SigV4Problem): Described => {
  const malformed = (presigned: boolean, message: string): Described =>
    presigned
      ? { code: 'AuthorizationQueryParametersError', message, status: 400 }
      : { code: 'AuthorizationHeaderMalformed', message, status: 400 }
  switch (p.kind) {
    case 'missing':
      return { code: 'AccessDenied', message: 'Access Denied', status: 403 }
    case 'both':
      return {
        code: 'InvalidArgument',
        message:
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        status: 400,
      }
    case 'incompleteHeader':
      return malformed(
        false,
        p.noDate && p.missing.length === 0
          ? 'AWS authentication requires a valid Date or x-amz-date header'
          : `The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.`,
      )
    case 'incompleteQuery':
      return malformed(
        true,
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      )
    case 'algorithm':
      return p.presigned
        ? malformed(true, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
        : { code: 'InvalidArgument', message: 'Unsupported Authorization Type', status: 400 }
    case 'credential':
    case 'terminator':
      return p.presigned
        ? malformed(
            true,
            `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting ${CREDENTIAL_FORM}.`,
          )
        : malformed(
            false,
            `The authorization header is malformed; the Credential is mal-formed; expecting ${CREDENTIAL_FORM}.`,
          )
    case 'date':
      return {
        code: 'AccessDenied',
        message: 'AWS authentication requires a valid Date or x-amz-date header',
        status: 403,
      }
    case 'scopeDate':
      return malformed(
        false,
        `The authorization header is malformed; Invalid credential date "${p.scopeDate}". This date is not the same as X-Amz-Date: "${p.longDate.slice(0, 8)}".`,
      )
    case 'expires': {
      const n = Number(p.value)
      return malformed(
        true,
        n > MAX_EXPIRES
          ? 'X-Amz-Expires must be less than a week (in seconds) that is 604800'
          : 'X-Amz-Expires must be non-negative',
      )
    }
    case 'skewPast':
    case 'skewFuture':
      return {
        code: 'RequestTimeTooSkewed',
        message: 'The difference between the request time and the current time is too large.',
        status: 403,
        fields: {
          RequestTime: p.longDate,
          ServerTime: isoSeconds(p.now),
          MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
        },
      }
    case 'v2Header':
      return {
        code: 'InvalidArgument',
        message: 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature',
        status: 400,
      }
    case 'v2Query':
      return {
        code: 'AccessDenied',
        message:
          'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
        status: 403,
      }
    case 'v2Expired':
      return {
        code: 'AccessDenied',
        message: 'Request has expired',
        status: 403,
        fields: { Expires: isoSeconds(p.expiresAt), ServerTime: isoSeconds(p.now) },
      }
    case 'presignExpired':
      return {
        code: 'AccessDenied',
        message: 'Request has expired',
        status: 403,
        fields: {
          'X-Amz-Expires': String(p.expiresSeconds),
          Expires: isoSeconds(p.date.getTime() + p.expiresSeconds * 1000),
          ServerTime: isoSeconds(p.now),
        },
      }
    case 'unknownKey':
      return {
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        status: 403,
        fields: { AWSAccessKeyId: p.accessKeyId },
      }
    case 'invalidToken':
      return {
        code: 'InvalidToken',
        message: 'The provided token is malformed or otherwise invalid.',
        status: 400,
      }
    case 'expiredToken':
      return { code: 'ExpiredToken', message: 'The provided token has expired.', status: 400 }
    case 'mismatch':
      return {
        code: 'SignatureDoesNotMatch',
        message: S3_MISMATCH,
        status: 403,
        fields: {
          AWSAccessKeyId: p.accessKeyId,
          ...(p.stringToSign !== undefined
            ? { StringToSign: p.stringToSign, StringToSignBytes: hexBytes(p.stringToSign) }
            : {}),
          SignatureProvided: p.signatureProvided,
          ...(p.canonicalRequest !== undefined
            ? {
                CanonicalRequest: p.canonicalRequest,
                CanonicalRequestBytes: hexBytes(p.canonicalRequest),
              }
            : {}),
        },
      }
  }
}

/** The SigV4 signing key (kSigning) for a scope. */
export const signingKeyOf = (secret: string, scope: string): Buffer => {
  const [date, region, service, terminator] = scope.split('/')
  let key: Buffer = createHmac('sha256', `AWS4${secret}`)
    .update(date ?? '')
    .digest()
  for (const part of [region, service, terminator])
    key = createHmac('sha256', key)
      .update(part ?? '')
      .digest()
  return key
}
