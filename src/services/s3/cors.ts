/**
 * CORS as S3 applies a bucket's rules to browser requests: preflight `OPTIONS` answers and
 * `Access-Control-*` headers on actual responses. Called by the pipeline for S3 requests that
 * carry an `Origin` header (the rules live in the bucket, so the protocol layer cannot decide).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
 */
import type { CORSRule } from '../../gen/s3.js'
import type { WireRequest, WireResponse } from '../../protocols/protocol.js'
import { toPathStyle } from '../../protocols/quirks/s3.js'
import { decodeUriOrKeep } from '../../protocols/uri.js'
import { escapeXml, xmlDeclaration } from '../../protocols/xml.js'
import type { ServiceRuntime } from '../types.js'
import { CORS_NOT_ALLOWED, CORS_NOT_ENABLED } from './errors.js'
import type { S3State } from './state.js'

/** `*` in an allowed origin/header matches any run of characters (S3 allows one wildcard). */
const matches = (pattern: string, value: string): boolean => {
  const p = pattern.toLowerCase()
  const v = value.toLowerCase()
  const star = p.indexOf('*')
  if (star === -1) return p === v
  const head = p.slice(0, star)
  const tail = p.slice(star + 1)
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail)
}

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method'

const ruleFor = (
  rules: readonly CORSRule[],
  origin: string,
  method: string,
  headers: readonly string[],
): CORSRule | undefined =>
  rules.find(
    (r) =>
      r.AllowedOrigins.some((o) => matches(o, origin)) &&
      r.AllowedMethods.includes(method) &&
      headers.every((h) => (r.AllowedHeaders ?? []).some((a) => matches(a, h))),
  )

const corsHeaders = (rule: CORSRule, origin: string): Record<string, string> => {
  const anyOrigin = rule.AllowedOrigins.includes('*')
  const out: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    vary: VARY,
  }
  if (!anyOrigin) out['access-control-allow-credentials'] = 'true'
  if (rule.ExposeHeaders?.length)
    out['access-control-expose-headers'] = rule.ExposeHeaders.join(', ')
  if (rule.MaxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.MaxAgeSeconds)
  return out
}

const forbidden = (message: string, requestId: string | undefined): WireResponse => ({
  status: 403,
  headers: { 'content-type': 'application/xml' },
  body:
    `${xmlDeclaration}\n<Error><Code>CORSResponse</Code><Message>${escapeXml(message)}</Message>` +
    `<RequestId>${escapeXml(requestId ?? '')}</RequestId></Error>`,
})

const bucketOf = (req: WireRequest): string | undefined => {
  const first = toPathStyle(req).path.split('/')[1]
  return first ? decodeUriOrKeep(first) : undefined
}

export const applyS3Cors = async (
  services: ServiceRuntime,
  req: WireRequest,
  res: WireResponse,
): Promise<WireResponse> => {
  const origin = req.headers.origin
  const bucket = bucketOf(req)
  if (origin === undefined || bucket === undefined) return res
  const isPreflight = req.method.toUpperCase() === 'OPTIONS'
  const s3 = await services.open<S3State>('s3')
  const rules = s3.store.getBucket(bucket)?.config.cors as CORSRule[] | undefined
  if (!isPreflight) {
    const rule = rules && ruleFor(rules, origin, req.method.toUpperCase(), [])
    return rule ? { ...res, headers: { ...res.headers, ...corsHeaders(rule, origin) } } : res
  }
  const requestId = res.headers['x-amz-request-id']
  if (!rules) return forbidden(CORS_NOT_ENABLED, requestId)
  const method = (req.headers['access-control-request-method'] ?? '').toUpperCase()
  const wanted = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')
  const rule = ruleFor(rules, origin, method, wanted)
  if (!rule) return forbidden(CORS_NOT_ALLOWED, requestId)
  const headers = corsHeaders(rule, origin)
  if (wanted.length) headers['access-control-allow-headers'] = wanted.join(', ')
  return { status: 200, headers: { ...headers, 'x-amz-request-id': requestId ?? '' }, body: '' }
}
