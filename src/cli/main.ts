#!/usr/bin/env node
/** The `millrace` command line. */
import { setFlagsFromString } from 'node:v8'
import { ConfigError, helpText, parseConfig } from '../server/config.js'
import { VERSION } from '../server/version.js'

// Bodies stream as one ArrayBuffer per socket or file read. V8 frees dead ones on a background
// thread by default, and their bytes count as live external memory until it has: with the main
// thread busy (one core, or hashing an upload) the scavenge meant to free them was followed by a
// full mark-compact every 20-50 ms (--trace-gc). Freed in the scavenge itself, 64 MiB GET costs
// 0.2 ms of CPU per MiB instead of 0.6, and 64 MiB PUT 1.5 instead of 2.0 (docs/bench.md).
setFlagsFromString('--no-concurrent-array-buffer-sweeping')

const USAGE = `Millrace ${VERSION}: a local, self-hosted AWS data pipeline on one port.

Usage:
  millrace start [options]   start the server
  millrace --help            show this help
  millrace --version         print the version

Options (each also from the environment variable named):
${helpText()}
`

const fail = (message: string, code: number): never => {
  process.stderr.write(`millrace: ${message}\n`)
  process.exit(code)
}

const main = async (argv: string[]): Promise<void> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE)
    return
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${VERSION}\n`)
    return
  }
  const [command = 'start', ...rest] = argv[0]?.startsWith('--') ? ['start', ...argv] : argv
  if (command !== 'start') {
    fail(`unknown command '${command}' (try millrace --help)`, 2)
  }
  // Start loading the server while the flags are parsed: start-up time is a product feature.
  const loading = import('./start.js')
  let parsed: ReturnType<typeof parseConfig>
  try {
    parsed = parseConfig(rest, process.env)
  } catch (e) {
    if (e instanceof ConfigError) return fail(`${e.message} (try millrace --help)`, 2)
    throw e
  }
  if (parsed.positionals.length > 0) fail(`unexpected argument '${parsed.positionals[0]}'`, 2)
  const { runCommand } = await loading
  await runCommand(parsed.config)
}

main(process.argv.slice(2)).catch((e: unknown) =>
  fail(e instanceof Error ? e.message : String(e), 1),
)
