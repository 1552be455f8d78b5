import type { WireRequest, WireResponse } from '../protocols/protocol.js'
import type { SignedForm } from '../server/auth.js'
import type { MillraceConfig } from '../server/config.js'
import type { MemoryCredentialStore } from '../server/credentials.js'
import type { EventBus } from '../server/event-bus.js'
import type { Logger } from '../server/logger.js'
import type { Principal } from '../server/principal.js'
import type { Scheduler } from '../server/scheduler.js'
import type { DataDir } from '../storage/data-dir.js'

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

/**
 * Per-service state (stores, logs, background work), opened once per process by the service
 * module's `open`. The pipeline opens a service before its first handler runs, so handlers use
 * `get`; a service reaching another (Firehose writing to S3) uses `open`.
 */
export interface ServiceRuntime {
  /** The state of an already opened service; throws if it is not open. */
  get<T>(serviceId: string): T
  /** Opens the service if needed and returns its state. */
  open<T>(serviceId: string): Promise<T>
}

/** What a service's state may offer the host: a way to flush and close on shutdown. */
export interface ServiceState {
  close?(): Promise<void> | void
}

/** What a service module's `open` receives: the process-wide facilities, nothing request-bound. */
export interface ServiceHost {
  config: MillraceConfig
  log: Logger
  bus: EventBus
  scheduler: Scheduler
  dataDir: DataDir
  credentials: MemoryCredentialStore
  now: () => number
  services: ServiceRuntime
}

export type Handler<I, O> = (input: I, ctx: Ctx) => Promise<O> | O

/** A service's handler table, typed by the generated operations map `{ Op: [Input, Output] }`. */
export type HandlerTable<Ops> = {
  [K in keyof Ops]?: Ops[K] extends [infer I, infer O] ? Handler<I, O> : never
}

/**
 * What a handler that authenticates its own request needs of the host: the form credentials a
 * browser POST upload carries, and IAM's decision for the principal they name.
 */
export interface RequestAuth {
  /** Who signed a form's policy; throws S3's errors for unknown keys and wrong signatures. */
  principalOfForm(form: SignedForm): Principal
  /** IAM's decision on this request as `principal` doing `operation` (throws AccessDenied). */
  authorize(
    principal: Principal,
    operation: string,
    input: Record<string, unknown>,
    region: string,
  ): void | Promise<void>
}

/**
 * Serves a request that no modeled operation describes (S3's browser-form POST upload): it gets
 * the request with its body unread, and a ctx whose principal is anonymous, since such a request
 * carries its credentials itself and the handler authenticates it through `auth`.
 */
export type UnmodeledHandler = (
  req: WireRequest,
  ctx: Ctx,
  auth: RequestAuth,
) => Promise<WireResponse>
