/** Starts a Millrace server: the app plus its listener, with graceful shutdown. */
import { type App, type AppOptions, createApp } from './app.js'
import type { MillraceConfig } from './config.js'
import { type Listener, listen } from './node.js'

export interface RunningServer {
  app: App
  listener: Listener
  url: string
  stop: () => Promise<void>
}

export const startServer = async (
  config: MillraceConfig,
  opts: AppOptions = {},
): Promise<RunningServer> => {
  const app = await createApp(config, opts)
  let listener: Listener
  try {
    listener = await listen(
      {
        host: config.host,
        port: config.port,
        tlsCert: config.tlsCert || undefined,
        tlsKey: config.tlsKey || undefined,
        onError: (err) => app.log.error({ err }, 'server error'),
      },
      app.handle,
    )
  } catch (e) {
    await app.close(0)
    throw e
  }
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await listener.close(config.shutdownTimeoutMs)
      await app.close(config.shutdownTimeoutMs)
    })()
    return stopping
  }
  return { app, listener, url: listener.url, stop }
}
