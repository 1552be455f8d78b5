/**
 * Picks the service a request addresses, in AWS's order of evidence: X-Amz-Target (awsJson),
 * the SigV4 credential scope, the Host (virtual-host S3), an awsQuery Action, then path-style S3.
 * Cheap string work only: this runs for every request.
 */
import { services } from '../gen/index.js'
import type { ServiceIndexEntry } from '../protocols/model.js'
import type { WireRequest } from '../protocols/protocol.js'
import { bucketFromHost } from '../protocols/uri.js'
import { credentialScopeService } from './sigv4.js'

export type Route =
  | { kind: 'service'; service: ServiceIndexEntry; hostLabels?: Record<string, string> }
  | { kind: 'execute-api'; apiId: string }
  | { kind: 'unknown-target'; target: string }

const byTargetPrefix = new Map(
  services.filter((s) => s.targetPrefix).map((s) => [s.targetPrefix, s]),
)
const bySigningName = new Map(services.map((s) => [s.signingName, s]))
const s3 = bySigningName.get('s3')!
const sts = bySigningName.get('sts')!
const iam = bySigningName.get('iam')!

/** STS actions (the rest of awsQuery traffic without a credential scope is IAM). */
const STS_ACTIONS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetFederationToken',
  'GetSessionToken',
])

const EXECUTE_API = '.execute-api.'

// One immutable route per service: routing allocates nothing for the common case.
const serviceRoutes = new Map<ServiceIndexEntry, Route>(
  services.map((s) => [s, { kind: 'service', service: s }]),
)

export const routeRequest = (req: WireRequest): Route => {
  const target = req.headers['x-amz-target']
  if (target !== undefined) {
    const dot = target.lastIndexOf('.')
    const service = dot > 0 ? byTargetPrefix.get(target.slice(0, dot)) : undefined
    return service ? serviceRoutes.get(service)! : { kind: 'unknown-target', target }
  }
  const host = req.host
  const exec = host.indexOf(EXECUTE_API)
  if (exec > 0) return { kind: 'execute-api', apiId: host.slice(0, exec) }

  const scope = credentialScopeService(req)
  if (scope === 'execute-api') return { kind: 'execute-api', apiId: '' }
  if (scope !== undefined && scope !== 's3') {
    const service = bySigningName.get(scope)
    if (service) return serviceRoutes.get(service)!
  }
  const bucket = bucketFromHost(host)
  if (bucket !== undefined) return { kind: 'service', service: s3, hostLabels: { Bucket: bucket } }
  if (scope === undefined && isQueryRequest(req)) {
    const action = queryAction(req)
    return { kind: 'service', service: action && STS_ACTIONS.has(action) ? sts : iam }
  }
  return { kind: 'service', service: s3 }
}

const isQueryRequest = (req: WireRequest): boolean =>
  (req.method === 'POST' &&
    (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) ||
  (req.method === 'GET' && /(^|&)Action=/.test(req.rawQuery))

/** The Action of an awsQuery request, from the query string or an already-read form body. */
const queryAction = (req: WireRequest): string | undefined => {
  const fromQuery = new URLSearchParams(req.rawQuery).get('Action')
  if (fromQuery) return fromQuery
  return Buffer.isBuffer(req.body)
    ? (new URLSearchParams(req.body.toString('latin1')).get('Action') ?? undefined)
    : undefined
}
