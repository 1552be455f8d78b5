/**
 * SigV4 re-signing on smithy's own canonicalization, loaded lazily by sigv4.ts: only requests
 * signed by keys the server knows get here.
 */
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { HeaderBag, HttpRequest } from '@smithy/types'
import type { WireRequest } from '../protocols/protocol.js'
import {
  ALGORITHM,
  type ComputedSignature,
  EMPTY_SHA256,
  parseQueryString,
  type SigningSecret,
  type SigV4Info,
  TERMINATOR,
  UNSIGNED,
  type VerifyOptions,
} from './sigv4.js'

// Exposes smithy's canonicalization (path escaping and normalization, query encoding and
// sorting) so the canonical request is built from exactly the headers the client signed.
class Resigner extends SignatureV4 {
  canonicalRequestOf(request: HttpRequest, headers: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash)
  }

  stringToSignOf(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM)
  }
}

const sha256 = Hash.bind(null, 'sha256')

// One signer per key, region, service and path style: smithy caches derived signing keys per
// signer instance, so reusing it saves four HMACs a request. Bounded: keys come and go (STS).
const signers = new Map<string, Resigner>()
const MAX_SIGNERS = 1024

const signerFor = (info: SigV4Info, secret: SigningSecret, uriEscapePath: boolean): Resigner => {
  const key = `${info.accessKeyId}\n${secret.secretAccessKey}\n${secret.sessionToken ?? ''}\n${info.region}\n${info.service}\n${uriEscapePath}`
  let signer = signers.get(key)
  if (!signer) {
    if (signers.size >= MAX_SIGNERS) signers.clear()
    signer = new Resigner({
      credentials: {
        accessKeyId: info.accessKeyId,
        secretAccessKey: secret.secretAccessKey,
        ...(secret.sessionToken !== undefined ? { sessionToken: secret.sessionToken } : {}),
      },
      region: info.region,
      service: info.service,
      sha256,
      applyChecksum: false,
      uriEscapePath,
    })
    signers.set(key, signer)
  }
  return signer
}

const hashBody = async (body: WireRequest['body']): Promise<string> => {
  if (!Buffer.isBuffer(body)) return UNSIGNED
  if (body.length === 0) return EMPTY_SHA256
  const h = new sha256()
  h.update(body)
  return Buffer.from(await h.digest()).toString('hex')
}

// Same normalization smithy applies to header values (getCanonicalHeaders).
const canonicalHeaderValue = (v: string): string =>
  v
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim()

/** Re-derives the signature a client holding `secret` would have sent for this request. */
export const resign = async (
  req: WireRequest,
  info: SigV4Info,
  secret: SigningSecret,
  opts: VerifyOptions,
): Promise<ComputedSignature> => {
  const signer = signerFor(info, secret, opts.uriEscapePath)
  const headers: HeaderBag = {}
  for (const name of info.signedHeaders.split(';')) {
    const value = name === 'host' ? (req.headers['host'] ?? req.host) : req.headers[name]
    headers[name] = canonicalHeaderValue(value ?? '')
  }
  const query = parseQueryString(req.rawQuery)
  if (info.presigned) delete query['X-Amz-Signature']
  const request: HttpRequest = {
    method: req.method,
    protocol: 'http:',
    hostname: req.host,
    path: req.path,
    query,
    headers,
  }
  const payloadHash = info.payloadHash ?? (await hashBody(req.body))
  const canonicalRequest = signer.canonicalRequestOf(request, headers, payloadHash)
  const scope = `${info.dateStamp}/${info.region}/${info.service}/${TERMINATOR}`
  const stringToSign = await signer.stringToSignOf(info.longDate, scope, canonicalRequest)
  const signature = await signer.sign(stringToSign, {
    signingDate: info.date,
    signingRegion: info.region,
    signingService: info.service,
  })
  return { signature, canonicalRequest, stringToSign }
}
