import { readFileSync } from 'node:fs'
import type { Principal } from './principal.js'

/** A key pair the server knows, with who it stands for. */
export interface KnownCredential {
  accessKeyId: string
  secretAccessKey: string
  /** Set for temporary credentials (STS): requests must carry the same token. */
  sessionToken?: string
  principal: Principal
  /** Epoch ms after which the credential is refused (temporary credentials). */
  expiresAt?: number
  /** IAM `Inactive` keys are refused as if unknown. */
  active: boolean
}

export interface CredentialStore {
  lookup(accessKeyId: string): KnownCredential | undefined
}

/** The in-memory store: configured keys at start, then IAM/STS add and remove their own. */
export class MemoryCredentialStore implements CredentialStore {
  // A Map, not an object: access key ids come off the wire and must never hit a prototype.
  readonly #keys = new Map<string, KnownCredential>()

  constructor(initial: Iterable<KnownCredential> = []) {
    for (const c of initial) this.add(c)
  }

  lookup(accessKeyId: string): KnownCredential | undefined {
    return this.#keys.get(accessKeyId)
  }

  add(credential: KnownCredential): void {
    this.#keys.set(credential.accessKeyId, credential)
  }

  remove(accessKeyId: string): boolean {
    return this.#keys.delete(accessKeyId)
  }

  setActive(accessKeyId: string, active: boolean): boolean {
    const c = this.#keys.get(accessKeyId)
    if (!c) return false
    this.#keys.set(accessKeyId, { ...c, active })
    return true
  }

  /** Drops expired temporary credentials so long-running servers don't accumulate them. */
  sweep(now: number): void {
    for (const [id, c] of this.#keys)
      if (c.expiresAt !== undefined && c.expiresAt <= now) this.#keys.delete(id)
  }

  get size(): number {
    return this.#keys.size
  }
}

/** A configured key pair, before it is bound to a principal. */
export interface KeyPair {
  accessKeyId: string
  secretAccessKey: string
}

const pairFrom = (entry: string, where: string): KeyPair => {
  // Split at the first colon only: secrets may contain ':' ('/' and '+' are common too).
  const colon = entry.indexOf(':')
  const accessKeyId = colon < 0 ? '' : entry.slice(0, colon).trim()
  const secretAccessKey = colon < 0 ? '' : entry.slice(colon + 1).trim()
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      `${where}: expected AKID:SECRET, got '${entry.length > 0 && colon >= 0 ? `${accessKeyId}:…` : entry}'`,
    )
  }
  return { accessKeyId, secretAccessKey }
}

/** `AKID:SECRET[,AKID2:SECRET2]` from a flag or environment variable. */
export const parseKeyList = (value: string, where = 'keys'): KeyPair[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => pairFrom(s, where))

/** A keys file: JSON `[{"accessKeyId", "secretAccessKey"}]`, or one `AKID:SECRET` a line (# comments). */
export const parseKeyFile = (text: string, where = 'keys file'): KeyPair[] => {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    const data: unknown = JSON.parse(trimmed)
    if (!Array.isArray(data)) throw new Error(`${where}: expected a JSON array`)
    return data.map((item: unknown, i) => {
      if (typeof item !== 'object' || item === null)
        throw new Error(`${where}[${i}]: expected an object`)
      const { accessKeyId, secretAccessKey } = item as Record<string, unknown>
      if (
        typeof accessKeyId !== 'string' ||
        !accessKeyId ||
        typeof secretAccessKey !== 'string' ||
        !secretAccessKey
      ) {
        throw new Error(`${where}[${i}]: accessKeyId and secretAccessKey must be non-empty strings`)
      }
      return { accessKeyId, secretAccessKey }
    })
  }
  const pairs: KeyPair[] = []
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim()
    if (l.length === 0 || l.startsWith('#')) return
    pairs.push(pairFrom(l, `${where}:${i + 1}`))
  })
  return pairs
}

export const readKeyFile = (path: string): KeyPair[] =>
  parseKeyFile(readFileSync(path, 'utf8'), path)

/**
 * The keys configured by `--access-keys` and `--access-keys-file`, standing for the account
 * root. Bad key settings are configuration errors (exit code 2).
 */
export const configuredCredentials = (
  settings: { accessKeys: string; accessKeysFile: string; auth: string },
  principal: Principal,
  toConfigError: (message: string) => Error,
): KnownCredential[] => {
  let pairs: KeyPair[]
  try {
    pairs = [
      ...parseKeyList(settings.accessKeys, '--access-keys'),
      ...(settings.accessKeysFile ? readKeyFile(settings.accessKeysFile) : []),
    ]
  } catch (e) {
    throw toConfigError((e as Error).message)
  }
  if (settings.auth === 'sigv4' && pairs.length === 0) {
    throw toConfigError('--auth sigv4 needs known keys: give --access-keys or --access-keys-file')
  }
  return pairs.map((p) => ({ ...p, principal, active: true }))
}
