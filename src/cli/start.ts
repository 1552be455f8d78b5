/** `millrace start`: serve until SIGTERM/SIGINT, then shut down gracefully. */
import { ConfigError, type MillraceConfig } from '../server/config.js'
import { startServer } from '../server/start.js'

export const runCommand = async (config: MillraceConfig): Promise<void> => {
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer(config)
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`millrace: ${e.message}\n`)
      process.exit(2)
    }
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`millrace: port ${config.port} on ${config.host} is already in use\n`)
      process.exit(1)
    }
    if (code === 'EACCES') {
      process.stderr.write(`millrace: no permission to listen on ${config.host}:${config.port}\n`)
      process.exit(1)
    }
    throw e
  }
  process.stdout.write(`Millrace listening on ${server.url}\n`)
  const shutdown = (signal: string): void => {
    server.app.log.info({ signal }, 'shutting down')
    // A second signal while stopping means: stop now.
    process.once(signal, () => process.exit(130))
    server.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        server.app.log.error({ err: e }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}
