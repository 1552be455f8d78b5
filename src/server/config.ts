/**
 * Millrace settings: one declarative table drives flag parsing, env parsing, defaults and --help,
 * so a setting is described exactly once.
 */
export type AuthMode = 'local' | 'sigv4'
export type FsyncPolicy = 'never' | 'batch' | 'always'
export type IamMode = 'off' | 'log' | 'enforce'
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface MillraceConfig {
  host: string
  port: number
  dataDir: string
  region: string
  accountId: string
  auth: AuthMode
  insecure: boolean
  /** `AKID:SECRET[,AKID:SECRET]` */
  accessKeys: string
  accessKeysFile: string
  tlsCert: string
  tlsKey: string
  fsync: FsyncPolicy
  logLevel: LogLevel
  /** Bound on graceful shutdown: in-flight requests get this long to finish. */
  shutdownTimeoutMs: number
  /** `off`: no decisions; `log`: log would-be denials; `enforce`: deny (root is always allowed). */
  iam: IamMode
  kinesisCreateDelayMs: number
  kinesisUpdateDelayMs: number
  kinesisDeleteDelayMs: number
  /** Shard limit of the account; 0 means AWS's default for the region. */
  kinesisShardLimit: number
  /** Enforce per-shard throughput limits (ProvisionedThroughputExceededException). */
  kinesisThrottle: boolean
}

type Kind = 'string' | 'int' | 'bool' | readonly string[]

interface OptionSpec {
  key: keyof MillraceConfig
  flag: string
  env: string
  kind: Kind
  default: string | number | boolean
  help: string
}

const opt = (
  key: keyof MillraceConfig,
  kind: Kind,
  def: string | number | boolean,
  help: string,
): OptionSpec => {
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
  return {
    key,
    flag: `--${kebab}`,
    env: `MILLRACE_${kebab.replace(/-/g, '_').toUpperCase()}`,
    kind,
    default: def,
    help,
  }
}

export const OPTIONS: readonly OptionSpec[] = [
  opt(
    'host',
    'string',
    '127.0.0.1',
    'address to bind; a non-loopback address needs --auth sigv4 or --insecure',
  ),
  opt('port', 'int', 4566, 'port for every service (HTTP/1.1 and h2c on one port)'),
  opt('dataDir', 'string', './.millrace', 'directory holding all state'),
  opt('region', 'string', 'us-east-1', 'default region'),
  opt('accountId', 'string', '000000000000', 'account id of the account root'),
  opt(
    'auth',
    ['local', 'sigv4'],
    'local',
    'local: unknown keys act as root; sigv4: only known keys',
  ),
  opt('insecure', 'bool', false, 'allow a non-loopback --host without --auth sigv4'),
  opt('accessKeys', 'string', '', 'known keys, AKID:SECRET[,AKID:SECRET]'),
  opt('accessKeysFile', 'string', '', 'file of known keys (JSON array or AKID:SECRET lines)'),
  opt('tlsCert', 'string', '', 'PEM certificate: serve HTTPS (ALPN h2 and http/1.1)'),
  opt('tlsKey', 'string', '', 'PEM private key for --tls-cert'),
  opt('fsync', ['never', 'batch', 'always'], 'batch', 'durability of writes against power loss'),
  opt(
    'logLevel',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'info',
    'log level',
  ),
  opt('shutdownTimeoutMs', 'int', 10000, 'bound on graceful shutdown'),
  opt(
    'iam',
    ['off', 'log', 'enforce'],
    'enforce',
    'IAM decisions for users and role sessions (root is always allowed)',
  ),
  opt('kinesisCreateDelayMs', 'int', 500, 'how long a Kinesis stream stays CREATING'),
  opt('kinesisUpdateDelayMs', 'int', 500, 'how long a Kinesis stream stays UPDATING'),
  opt('kinesisDeleteDelayMs', 'int', 500, 'how long a Kinesis stream stays DELETING'),
  opt('kinesisShardLimit', 'int', 0, "account shard limit; 0 = AWS's default for the region"),
  opt('kinesisThrottle', 'bool', false, 'enforce per-shard Kinesis throughput limits'),
]

/** A bad flag or setting: the CLI prints the message and exits with code 2. */
export class ConfigError extends Error {}

const coerce = (spec: OptionSpec, raw: string, source: string): string | number | boolean => {
  const { kind } = spec
  if (kind === 'string') return raw
  if (kind === 'int') {
    if (!/^\d+$/.test(raw))
      throw new ConfigError(`${source} expects a non-negative integer, got '${raw}'`)
    const n = Number(raw)
    if (spec.key === 'port' && n > 65535)
      throw new ConfigError(`${source} must be at most 65535, got ${raw}`)
    return n
  }
  if (kind === 'bool') {
    if (['true', '1', 'yes', ''].includes(raw)) return true
    if (['false', '0', 'no'].includes(raw)) return false
    throw new ConfigError(`${source} expects true or false, got '${raw}'`)
  }
  if (!kind.includes(raw)) {
    throw new ConfigError(`${source} must be one of ${kind.join(', ')}, got '${raw}'`)
  }
  return raw
}

const defaults = (): MillraceConfig =>
  Object.fromEntries(OPTIONS.map((o) => [o.key, o.default])) as unknown as MillraceConfig

/**
 * Settings from defaults, then env, then flags (flags win). Throws ConfigError naming the flag.
 * Returns the settings and the positional arguments left over.
 */
export const parseConfig = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { config: MillraceConfig; positionals: string[] } => {
  const config = defaults() as unknown as Record<string, unknown>
  for (const spec of OPTIONS) {
    const raw = env[spec.env]
    if (raw !== undefined) config[spec.key] = coerce(spec, raw, spec.env)
  }
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const spec = OPTIONS.find((o) => o.flag === name)
    if (!spec) throw new ConfigError(`unknown flag ${name}`)
    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1)
    if (raw === undefined && spec.kind !== 'bool') {
      raw = argv[++i]
      if (raw === undefined || raw.startsWith('--')) throw new ConfigError(`${name} needs a value`)
    }
    config[spec.key] = coerce(spec, raw ?? 'true', name)
  }
  const result = config as unknown as MillraceConfig
  checkConsistency(result)
  return { config: result, positionals }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.')

const checkConsistency = (c: MillraceConfig): void => {
  if (!/^\d{12}$/.test(c.accountId)) {
    throw new ConfigError(`--account-id must be 12 digits, got '${c.accountId}'`)
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(c.region)) {
    throw new ConfigError(`--region is not a region name: '${c.region}'`)
  }
  if (!isLoopback(c.host) && c.auth !== 'sigv4' && !c.insecure) {
    throw new ConfigError(
      `--host ${c.host} is not a loopback address: binding it needs --auth sigv4 (with known keys) or --insecure`,
    )
  }
  if (Boolean(c.tlsCert) !== Boolean(c.tlsKey)) {
    throw new ConfigError('--tls-cert and --tls-key must be given together')
  }
}

export const helpText = (): string => {
  const rows = OPTIONS.map((o) => {
    const values = Array.isArray(o.kind) ? ` (${o.kind.join('|')})` : ''
    return `  ${`${o.flag} <${Array.isArray(o.kind) ? 'v' : o.kind}>`.padEnd(30)} ${o.help}${values}; default ${JSON.stringify(o.default)}; env ${o.env}`
  })
  return rows.join('\n')
}
