/**
 * The Millrace application: configuration, data dir, logger, event bus, scheduler, credentials
 * and the request pipeline — everything except the socket, which node.ts owns.
 */
import { type Logger, pino } from 'pino'
import type { WireResponse } from '../protocols/protocol.js'
import type { ServiceRuntime } from '../services/types.js'
import { type DataDir, openDataDir } from '../storage/data-dir.js'
import { ConfigError, type MillraceConfig } from './config.js'
import {
  type CredentialStore,
  configuredCredentials,
  MemoryCredentialStore,
} from './credentials.js'
import { createEventBus, type EventBus } from './event-bus.js'
import type { Exchange } from './node.js'
import { createPipeline } from './pipeline.js'
import { rootPrincipal } from './principal.js'
import { createScheduler, type Scheduler } from './scheduler.js'
import { VERSION } from './version.js'

export interface AppContext {
  config: MillraceConfig
  log: Logger
  bus: EventBus
  scheduler: Scheduler
  credentials: CredentialStore
  dataDir: DataDir
  services: ServiceRuntime
  now: () => number
  startedAt: number
  isShuttingDown: () => boolean
}

export interface App extends AppContext {
  handle: (ex: Exchange) => Promise<WireResponse>
  /** Flush and close every store; background tasks get `timeoutMs` to stop. */
  close: (timeoutMs: number) => Promise<void>
}

export interface AppOptions {
  log?: Logger
  now?: () => number
}

export const createApp = async (config: MillraceConfig, opts: AppOptions = {}): Promise<App> => {
  const log = opts.log ?? pino({ level: config.logLevel, base: undefined })
  const now = opts.now ?? Date.now
  const dataDir = await openDataDir(config.dataDir, { version: VERSION, fsync: config.fsync })
  const credentials = new MemoryCredentialStore(
    configuredCredentials(config, rootPrincipal(config.accountId), (m) => new ConfigError(m)),
  )
  const runtimes = new Map<string, unknown>()
  let shuttingDown = false
  const ctx: AppContext = {
    config,
    log,
    bus: createEventBus({ log }),
    scheduler: createScheduler({ log }),
    credentials,
    dataDir,
    services: {
      get: <T>(id: string): T => {
        const rt = runtimes.get(id)
        if (rt === undefined) throw new Error(`service runtime ${id} is not open`)
        return rt as T
      },
    },
    now,
    startedAt: now(),
    isShuttingDown: () => shuttingDown,
  }
  return {
    ...ctx,
    handle: createPipeline(ctx),
    close: async (timeoutMs) => {
      shuttingDown = true
      await ctx.scheduler.shutdown(timeoutMs)
      await dataDir.close()
    },
  }
}
