/** The request context: AWS's global condition keys and service keys, computed lazily. */
import type { Principal } from '../server/principal.js'
import type { RequestContext } from './conditions.js'

export interface RequestFacts {
  region?: string
  sourceIp?: string
  isSecure?: boolean
  /** Service-specific keys (`s3:prefix`), already lower-cased or not. */
  extra?: Record<string, string | string[]>
}

/** The request context of global condition keys AWS supplies, plus service keys. */
const PRINCIPAL_TYPES: Record<Principal['kind'], string> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  service: 'Service',
  anonymous: 'Anonymous',
}

/**
 * The global condition keys AWS supplies, plus service keys, computed only when a policy reads
 * them: most decisions are cache hits that read one or two keys, if any.
 */
class LazyContext implements RequestContext {
  readonly #p: Principal
  readonly #now: number
  readonly #facts: RequestFacts
  #extra: Map<string, string | string[]> | undefined

  constructor(p: Principal, now: number, facts: RequestFacts) {
    this.#p = p
    this.#now = now
    this.#facts = facts
  }

  get(key: string): string | readonly string[] | undefined {
    const p = this.#p
    const named = p.kind !== 'anonymous'
    switch (key) {
      case 'aws:currenttime':
        return new Date(this.#now).toISOString()
      case 'aws:epochtime':
        return String(Math.floor(this.#now / 1000))
      case 'aws:securetransport':
        return this.#facts.isSecure ? 'true' : 'false'
      case 'aws:principalarn':
        return named ? (p.roleArn ?? p.arn) : undefined
      case 'aws:principalaccount':
        return named ? p.account : undefined
      case 'aws:userid':
        return named ? p.userId : undefined
      case 'aws:principaltype':
        return PRINCIPAL_TYPES[p.kind]
      case 'aws:username':
        return p.kind === 'user' ? p.name : undefined
      case 'aws:requestedregion':
        return this.#facts.region
      case 'aws:sourceip':
        return this.#facts.sourceIp?.replace(/^::ffff:/, '')
    }
    if (!this.#extra) {
      this.#extra = new Map(
        Object.entries(this.#facts.extra ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      )
    }
    return this.#extra.get(key)
  }
}

/** The request context of global condition keys AWS supplies, plus service keys. */
export const requestContext = (
  p: Principal,
  now: number,
  facts: RequestFacts = {},
): RequestContext => new LazyContext(p, now, facts)

export const isContext = (c: RequestContext | RequestFacts): c is RequestContext =>
  typeof (c as RequestContext).get === 'function'
