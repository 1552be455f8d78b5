/**
 * Test helper: a real Millrace server on port 0 with a temp data dir, and real AWS SDK v3
 * clients pointed at it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MillraceConfig, parseConfig } from '../server/config.js'
import { type RunningServer, startServer } from '../server/start.js'

export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'test-secret',
}

export interface Cloud {
  url: string
  port: number
  config: MillraceConfig
  server: RunningServer
  dataDir: string
  /** A configured SDK v3 client of any service, e.g. `cloud.client(KinesisClient)`. */
  client<C>(ctor: new (config: ClientOptions) => C, extra?: Partial<ClientOptions>): C
  stop(): Promise<void>
}

export interface ClientOptions {
  region: string
  endpoint: string
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  forcePathStyle?: boolean
  maxAttempts?: number
  [key: string]: unknown
}

/**
 * The configuration tests run a server with, on `dataDir`: port 0, silent, a short shutdown and
 * Kinesis lifecycle delays off; `args` (CLI flags) come last and win. Tests that restart a server
 * on the same data dir start it with this themselves.
 */
export const testConfig = (
  dataDir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): MillraceConfig =>
  parseConfig(
    [
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'silent',
      '--shutdown-timeout-ms',
      '2000',
      ...['--kinesis-create-delay-ms', '0', '--kinesis-update-delay-ms', '0'],
      ...['--kinesis-delete-delay-ms', '0'],
      ...args,
    ],
    env,
  ).config

/** Start a server; `args` are CLI flags (e.g. ['--auth', 'sigv4']). */
export const startCloud = async (
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Cloud> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'millrace-test-'))
  const config = testConfig(dataDir, args, env)
  const server = await startServer(config)
  const url = server.url
  return {
    url,
    port: server.listener.port,
    config,
    server,
    dataDir,
    client: (ctor, extra = {}) =>
      new ctor({
        region: config.region,
        endpoint: url,
        credentials: TEST_CREDENTIALS,
        forcePathStyle: true,
        maxAttempts: 1,
        ...extra,
      }),
    stop: async () => {
      await server.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
