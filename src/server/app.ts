/**
 * The Millrace application: configuration, data dir, logger, event bus, scheduler, credentials
 * and the request pipeline — everything except the socket, which node.ts owns.
 */
import type { WireResponse } from '../protocols/protocol.js'
import { SERVICES } from '../services/registry.js'
import type { ServiceHost } from '../services/types.js'
import { openDataDir } from '../storage/data-dir.js'
import { ConfigError, type MillraceConfig } from './config.js'
import { configuredCredentials, MemoryCredentialStore } from './credentials.js'
import { createEventBus } from './event-bus.js'
import { createLogger, type Logger } from './logger.js'
import type { Exchange } from './node.js'
import { createPipeline } from './pipeline.js'
import { rootPrincipal } from './principal.js'
import { createScheduler } from './scheduler.js'
import { createServiceRuntimes, type ServiceRuntimes } from './service-runtime.js'
import { VERSION } from './version.js'

export interface AppContext extends ServiceHost {
  services: ServiceRuntimes
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
  const log = opts.log ?? createLogger(config.logLevel)
  const now = opts.now ?? Date.now
  const credentials = new MemoryCredentialStore(
    configuredCredentials(config, rootPrincipal(config.accountId), (m) => new ConfigError(m)),
  )
  const dataDir = await openDataDir(config.dataDir, { version: VERSION, fsync: config.fsync })
  let shuttingDown = false
  const services = createServiceRuntimes(() => ctx)
  const ctx: AppContext = {
    config,
    log,
    bus: createEventBus({ log }),
    scheduler: createScheduler({ log }),
    credentials,
    dataDir,
    services,
    now,
    startedAt: now(),
    isShuttingDown: () => shuttingDown,
  }
  const bootIds = Object.keys(SERVICES).filter((id) => SERVICES[id]!.startAtBoot)
  // Concurrently: what an opening waits on (directory reads, log recovery) overlaps.
  await Promise.all(bootIds.map((id) => services.open(id)))
  return {
    ...ctx,
    handle: createPipeline(ctx),
    close: async (timeoutMs) => {
      shuttingDown = true
      await ctx.scheduler.shutdown(timeoutMs)
      await services.closeAll()
      await dataDir.close()
    },
  }
}
