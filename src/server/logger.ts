/**
 * The server's logger: pino, loaded on the first line actually logged. Importing pino costs
 * ~16 ms of start-up (it pulls in thread-stream, sonic-boom and friends), and most runs log
 * nothing below the configured level before their first request — so the level is checked
 * here and pino is only required (synchronously, it is CommonJS) when a line is due.
 */
import { createRequire } from 'node:module'
import type { Logger as PinoLogger } from 'pino'
import type { LogLevel } from './config.js'

type LogFn = {
  (obj: object, msg?: string): void
  (msg: string): void
}

/** The part of pino's Logger the server uses; a pino Logger satisfies it. */
export interface Logger {
  fatal: LogFn
  error: LogFn
  warn: LogFn
  info: LogFn
  debug: LogFn
  trace: LogFn
}

const RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
}

const requireHere = createRequire(import.meta.url)

export const createLogger = (level: LogLevel): Logger => {
  const threshold = RANK[level]
  let pino: PinoLogger | undefined
  const at = (name: Exclude<LogLevel, 'silent'>): LogFn => {
    if (RANK[name] < threshold) return () => {}
    return ((objOrMsg: object | string, msg?: string) => {
      pino ??= (requireHere('pino') as typeof import('pino')).pino({ level, base: undefined })
      pino[name](objOrMsg as object, msg)
    }) as LogFn
  }
  return {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  }
}
