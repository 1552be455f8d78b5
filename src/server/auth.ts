import { createHmac } from 'node:crypto'
import type { WireRequest } from '../protocols/protocol.js'
import type { CredentialStore, KnownCredential } from './credentials.js'
import { type Principal, rootPrincipal } from './principal.js'
import { checkSigV2Time, parseSigV2, type SigV2Info, signV2, stringsToSignV2 } from './sigv2.js'
import {
  type AuthErrorStyle,
  authError,
  checkSigV4Time,
  computeSignature,
  parseSigV4,
  signaturesEqual,
  signingKeyOf,
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
 * `authority` is the host and port as received (`:authority` on HTTP/2, which SDKs over h2 sign);
 * `bucket` the one a virtual-hosted S3 request names in its host (SigV2 signs it in the path).
 */
export const authenticate = (
  req: WireRequest,
  opts: AuthOptions,
  authority?: string,
  bucket?: string,
): AuthResult | Promise<AuthResult> => {
  const style = opts.errorStyle
  // S3 still accepts Signature Version 2 (`AWS key:sig`, `?AWSAccessKeyId=`).
  if (style === 's3') {
    const v2 = parseSigV2(req)
    if (v2) return authenticateSigV2(req, v2, opts, bucket)
  }
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

/** A request signed with Signature Version 2 (S3 only; see sigv2.ts). */
const authenticateSigV2 = (
  req: WireRequest,
  info: SigV2Info,
  opts: AuthOptions,
  bucket: string | undefined,
): AuthResult => {
  const now = opts.now()
  checkSigV2Time(info, now)
  const { accessKeyId } = info
  const key = checkAccessKey(accessKeyId, info.sessionToken, opts, now)
  if (key.kind === 'unknown') return { principal: key.principal }
  const candidates = stringsToSignV2(req, info, bucket)
  const secret = key.known.secretAccessKey
  if (!candidates.some((text) => signaturesEqual(signV2(secret, text), info.signature)))
    throw authError('s3', {
      kind: 'mismatch',
      accessKeyId,
      signatureProvided: info.signature,
      stringToSign: candidates[0],
    })
  return { principal: { ...key.known.principal, accessKeyId } }
}

/**
 * The credentials of a browser-form POST upload: the signature covers the policy text, as
 * HMAC-SHA1 with the secret (Signature Version 2) or hex HMAC-SHA256 with the SigV4 signing key
 * of `scope` (`date/region/s3/aws4_request`). The form's fields are the caller's to check.
 */
export type SignedForm =
  | { version: 2; accessKeyId: string; signature: string; policy: string; sessionToken?: string }
  | {
      version: 4
      accessKeyId: string
      scope: string
      signature: string
      policy: string
      sessionToken?: string
    }

/** Who signed a form's policy; throws S3's errors for unknown keys and wrong signatures. */
export const principalOfForm = (form: SignedForm, opts: AuthOptions): Principal => {
  const { accessKeyId, signature, policy } = form
  const key = checkAccessKey(accessKeyId, form.sessionToken, opts, opts.now())
  if (key.kind === 'unknown') return key.principal
  const secret = key.known.secretAccessKey
  const expected =
    form.version === 2
      ? signV2(secret, policy)
      : createHmac('sha256', signingKeyOf(secret, form.scope)).update(policy).digest('hex')
  if (!signaturesEqual(expected, signature))
    throw authError('s3', {
      kind: 'mismatch',
      accessKeyId,
      signatureProvided: signature,
      stringToSign: policy,
    })
  return { ...key.known.principal, accessKeyId }
}
