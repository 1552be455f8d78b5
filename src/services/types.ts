import type { Logger } from 'pino'
import type { MillraceConfig } from '../server/config.js'
import type { EventBus } from '../server/event-bus.js'
import type { Principal } from '../server/principal.js'
import type { Scheduler } from '../server/scheduler.js'

/** Everything a handler may use. No singletons, no env reads: all of it arrives here. */
export interface Ctx {
  account: string
  region: string
  requestId: string
  principal: Principal
  config: MillraceConfig
  log: Logger
  bus: EventBus
  scheduler: Scheduler
  /** Injectable clock (ms since epoch). */
  now: () => number
  /** Per-service state, opened lazily by the service module. */
  services: ServiceRuntime
}

/** Lazily opened per-service state (stores, logs) keyed by service id. */
export interface ServiceRuntime {
  get<T>(serviceId: string): T
}

export type Handler<I, O> = (input: I, ctx: Ctx) => Promise<O> | O

/** A service's handler table, typed by the generated operations map `{ Op: [Input, Output] }`. */
export type HandlerTable<Ops> = {
  [K in keyof Ops]?: Ops[K] extends [infer I, infer O] ? Handler<I, O> : never
}
