import type { WireRequest } from '../protocols/protocol.js'
import type { CredentialStore, KnownCredential } from './credentials.js'
import { type Principal, rootPrincipal } from './principal.js'
import {
  type AuthErrorStyle,
  authError,
  checkSigV4Time,
  computeSignature,
  parseSigV4,
  signaturesEqual,
} from './sigv4.js'

export interface AuthOptions {
  /** `local`: unknown keys act as the account root; `sigv4`: only known keys. */
  mode: 'local' | 'sigv4'
  account: string
  credentials: CredentialStore
  errorStyle: AuthErrorStyle
  now: () => number
  /** False only for S3 (see SignatureV4Init.uriEscapePath). */
  uriEscapePath: boolean
}

/** Unsigned S3 requests: bucket policies and ACLs decide what they may do. */
export const anonymousPrincipal = (account: string): Principal => ({
  kind: 'anonymous',
  account,
  arn: '*',
  userId: 'anonymous',
})

/** What a request's access key is: one the server stores, or (local mode) an unknown one. */
export type KeyCheck =
  | { kind: 'known'; known: KnownCredential }
  | { kind: 'unknown'; principal: Principal }

/**
 * The checks every signature version makes of the key before the signature itself: unknown
 * keys (refused, or the account root in local mode), inactive and expired keys, and a session
 * token that must come with temporary keys and only with them. Throws the style's AwsError.
 */
export const checkAccessKey = (
  accessKeyId: string,
  sessionToken: string | undefined,
  opts: Pick<AuthOptions, 'mode' | 'account' | 'credentials' | 'errorStyle'>,
  now: number,
): KeyCheck => {
  const style = opts.errorStyle
  const known = opts.credentials.lookup(accessKeyId)
  if (!known) {
    if (opts.mode === 'local')
      return { kind: 'unknown', principal: rootPrincipal(opts.account, accessKeyId) }
    throw authError(style, { kind: 'unknownKey', accessKeyId })
  }
  if (!known.active) throw authError(style, { kind: 'unknownKey', accessKeyId })
  if (known.sessionToken !== undefined) {
    if (sessionToken === undefined || !signaturesEqual(sessionToken, known.sessionToken)) {
      throw authError(style, { kind: 'invalidToken', accessKeyId })
    }
  } else if (sessionToken !== undefined) {
    // A long-term key presented with a session token is a forged or stale token on AWS.
    throw authError(style, { kind: 'invalidToken', accessKeyId })
  }
  if (known.expiresAt !== undefined && now >= known.expiresAt) {
    throw authError(style, { kind: 'expiredToken', accessKeyId })
  }
  return { kind: 'known', known }
}

export interface AuthResult {
  principal: Principal
  /** Region of the SigV4 credential scope; undefined for unsigned requests. */
  region?: string
}

/**
 * Who sent the request. Known keys are always verified (even in local mode, so a wrong secret
 * fails as it would on AWS); unknown keys are only looked at structurally, which keeps the hot
 * path free of HMACs and body hashing — and synchronous: only a verification returns a promise.
 * Throws (synchronously) the style's AwsError for missing, malformed or refused auth.
 * `authority` is the host and port as received (`:authority` on HTTP/2, which SDKs over h2 sign).
 */
export const authenticate = (
  req: WireRequest,
  opts: AuthOptions,
  authority?: string,
): AuthResult | Promise<AuthResult> => {
  const style = opts.errorStyle
  // S3 still accepts Signature Version 2 (`AWS key:sig`, `?AWSAccessKeyId=`); loaded on first use.
  if (
    style === 's3' &&
    (req.headers.authorization?.startsWith('AWS ') || req.rawQuery.includes('AWSAccessKeyId='))
  )
    return import('./sigv2-auth.js').then((m) => m.authenticateSigV2(req, opts))
  const info = parseSigV4(req, style)
  if (!info) {
    if (style === 's3') return { principal: anonymousPrincipal(opts.account) }
    throw authError(style, { kind: 'missing' })
  }
  const now = opts.now()
  // AWS checks the clock before the key, so skewed clients fail the same way with any key.
  checkSigV4Time(info, now, style)
  const { accessKeyId } = info
  const key = checkAccessKey(accessKeyId, info.sessionToken, opts, now)
  if (key.kind === 'unknown') return { principal: key.principal, region: info.region }
  const { known } = key
  // HTTP/2 clients (the Kinesis SDK) sign the `:authority` pseudo-header, which the exchange drops.
  const signed =
    authority !== undefined &&
    info.signedHeaders.split(';').includes(':authority') &&
    !req.headers[':authority']
      ? { ...req, headers: { ...req.headers, ':authority': authority } }
      : req
  return computeSignature(signed, info, known, { uriEscapePath: opts.uriEscapePath }).then(
    (computed) => {
      if (!signaturesEqual(computed.signature, info.signature)) {
        throw authError(style, {
          kind: 'mismatch',
          accessKeyId,
          signatureProvided: info.signature,
          stringToSign: computed.stringToSign,
          canonicalRequest: computed.canonicalRequest,
        })
      }
      return { principal: { ...known.principal, accessKeyId }, region: info.region }
    },
  )
}
