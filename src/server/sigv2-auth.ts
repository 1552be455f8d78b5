/** Authentication of S3 requests signed with Signature Version 2 (see sigv2.ts); loaded on first use. */

import type { WireRequest } from '../protocols/protocol.js'
import { type AuthOptions, type AuthResult, checkAccessKey } from './auth.js'
import { checkSigV2Time, parseSigV2, signV2, stringsToSignV2 } from './sigv2.js'
import { authError, signaturesEqual } from './sigv4.js'

export const authenticateSigV2 = (req: WireRequest, opts: AuthOptions): AuthResult => {
  const info = parseSigV2(req)
  if (!info) throw authError('s3', { kind: 'missing' })
  const now = opts.now()
  checkSigV2Time(info, now)
  const { accessKeyId } = info
  const key = checkAccessKey(accessKeyId, info.sessionToken, opts, now)
  if (key.kind === 'unknown') return { principal: key.principal }
  const candidates = stringsToSignV2(req, info)
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
