/**
 * Resource-based policies reach the evaluator through providers the owning services' exports
 * back: S3 bucket policies (`bucketPolicyOf`) and Kinesis stream policies (`resourcePolicyOf`).
 */
import { type IamHost, openState } from './host.js'
import { type CompiledPolicy, compiled, PolicyError } from './policy.js'
import type { RequestToAuthorize } from './request.js'

/** A service's resource policy for one resource ARN (bucket policy, stream policy), if any. */
export type ResourcePolicyProvider = (
  host: IamHost,
  resourceArn: string,
) => string | undefined | Promise<string | undefined>

const providers = new Map<string, ResourcePolicyProvider>()

export const registerResourcePolicyProvider = (
  service: string,
  provider: ResourcePolicyProvider,
): void => {
  providers.set(service, provider)
}

interface S3Module {
  bucketPolicyOf?: ((state: never, bucket: string) => string | undefined) | undefined
}
interface KinesisModule {
  resourcePolicyOf?: ((state: never, arn: string) => string | undefined) | undefined
}

// The S3 and Kinesis services export readers of their policies; their modules load on first use,
// after which lookups are synchronous.
let s3Module: S3Module | undefined
let kinesisModule: KinesisModule | undefined

const bucketOf = (arn: string): string => arn.slice('arn:aws:s3:::'.length).split('/')[0] ?? ''

registerResourcePolicyProvider('s3', (host, arn) => {
  const state = openState<never>(host, 's3')
  if (s3Module && state !== undefined) return s3Module.bucketPolicyOf?.(state, bucketOf(arn))
  return (async () => {
    s3Module = await import('../services/s3/index.js')
    return s3Module.bucketPolicyOf?.(await host.services.open<never>('s3'), bucketOf(arn))
  })()
})
registerResourcePolicyProvider('kinesis', (host, arn) => {
  const state = openState<never>(host, 'kinesis')
  if (kinesisModule && state !== undefined) return kinesisModule.resourcePolicyOf?.(state, arn)
  return (async () => {
    kinesisModule = await import('../services/kinesis/index.js')
    return kinesisModule.resourcePolicyOf?.(await host.services.open<never>('kinesis'), arn)
  })()
})

const compileResourcePolicy = (text: string | undefined): CompiledPolicy | undefined => {
  if (!text) return undefined
  try {
    return compiled(text, 'resource')
  } catch (e) {
    // A stored policy the owning service accepted but we cannot parse grants nothing.
    if (e instanceof PolicyError) return undefined
    throw e
  }
}

/**
 * The owning services read a policy from SQLite on every call (a few µs, most of a cached
 * decision's cost), so lookups are cached per resource, per open service state. Every call that
 * can change a policy passes the pipeline's authorization step first (`notePolicyChange`): it
 * drops that service's cache and bypasses it for a grace period that covers the handler's write.
 */
const CHANGES: Record<string, ReadonlySet<string>> = {
  kinesis: new Set(['PutResourcePolicy', 'DeleteResourcePolicy', 'CreateStream', 'DeleteStream']),
  s3: new Set(['PutBucketPolicy', 'DeleteBucketPolicy', 'CreateBucket', 'DeleteBucket']),
}
const GRACE_MS = 5000
const MAX_ENTRIES = 10_000

interface PolicyCache {
  /** `null`: the resource has no policy. */
  entries: Map<string, CompiledPolicy | null>
  bypassUntil: number
}

const caches = new WeakMap<object, PolicyCache>()

const cacheOf = (state: object): PolicyCache => {
  let c = caches.get(state)
  if (!c) {
    c = { entries: new Map(), bypassUntil: 0 }
    caches.set(state, c)
  }
  return c
}

/** Called for every request before it is decided (the root's too): see PolicyCache above. */
export const notePolicyChange = (host: IamHost, service: string, operation: string): void => {
  if (!CHANGES[service]?.has(operation)) return
  const state = openState<object>(host, service)
  if (state !== undefined)
    caches.set(state, { entries: new Map(), bypassUntil: host.now() + GRACE_MS })
}

/** The resource's policy, synchronously once the owning service is loaded and open. */
export const resourcePolicyFor = (
  host: IamHost,
  service: string,
  resource: string,
): CompiledPolicy | undefined | Promise<CompiledPolicy | undefined> => {
  const provider = providers.get(service)
  if (!provider || resource === '*') return undefined
  const state = openState<object>(host, service)
  const cache = state !== undefined && typeof state === 'object' ? cacheOf(state) : undefined
  const usable = cache !== undefined && host.now() >= cache.bypassUntil
  // A bucket policy covers the bucket and all its objects: one entry per bucket.
  const key = service === 's3' ? bucketOf(resource) : resource
  if (usable) {
    const hit = cache.entries.get(key)
    if (hit !== undefined) return hit ?? undefined
  }
  const text = provider(host, resource)
  if (text instanceof Promise) return text.then(compileResourcePolicy)
  const policy = compileResourcePolicy(text)
  if (usable) {
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear()
    cache.entries.set(key, policy ?? null)
  }
  return policy
}

/** The bucket's PublicAccessBlock (src/services/s3 stores it in the bucket's config). */
interface S3StateView {
  store?: { getBucket?: (name: string) => { config?: { publicAccessBlock?: unknown } } | undefined }
}

/**
 * S3 RestrictPublicBuckets: a public bucket policy grants nothing to callers outside the account
 * (here: anonymous ones); its denies still apply, and so do non-public grants.
 */
export const isRestrictedPublic = (
  host: IamHost,
  r: RequestToAuthorize,
  resource: string,
  policy: CompiledPolicy | undefined,
): boolean => {
  if (r.service !== 's3' || r.principal.kind !== 'anonymous' || !policy) return false
  const state = openState<S3StateView>(host, 's3')
  const pab = state?.store?.getBucket?.(bucketOf(resource))?.config?.publicAccessBlock as
    | { RestrictPublicBuckets?: boolean }
    | undefined
  return pab?.RestrictPublicBuckets === true
}
