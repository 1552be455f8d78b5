/**
 * Typed in-process pub/sub connecting services the way AWS does (S3 object events feed
 * crawlers, Kinesis appends wake Firehose, run state changes fire triggers). Services add
 * their events by declaration merging:
 *
 *   declare module '../../server/event-bus.js' {
 *     interface EventMap { 's3:ObjectCreated': { bucket: string; key: string } }
 *   }
 *
 * Handlers run after the publisher's current turn (setImmediate), so a publish inside a
 * synchronous store transaction never re-enters the store, and a failing subscriber can
 * neither break the publisher nor the other subscribers.
 */

// biome-ignore lint/suspicious/noEmptyInterface: filled by services through declaration merging
export interface EventMap {}

export type EventType = keyof EventMap & string

/** What a prefix subscriber receives: the type travels with the event so it can narrow. */
export type EventEnvelope = { [K in EventType]: { type: K; event: EventMap[K] } }[EventType]

export type EventHandler<K extends EventType> = (event: EventMap[K]) => void | Promise<void>
export type EnvelopeHandler = (envelope: EventEnvelope) => void | Promise<void>

/** The part of a pino logger the bus needs; pino's Logger satisfies it. */
export interface BusLogger {
  error(obj: object, msg: string): void
}

export interface EventBus {
  publish<K extends EventType>(type: K, event: EventMap[K]): void
  /** Returns the unsubscribe function. */
  subscribe<K extends EventType>(type: K, handler: EventHandler<K>): () => void
  /** All events whose type starts with `prefix` (e.g. 's3:'); '' means every event. */
  subscribePrefix(prefix: string, handler: EnvelopeHandler): () => void
  /** Resolves once every event published so far has been handled (handler promises settled). */
  idle(): Promise<void>
}

export interface EventBusOptions {
  log?: BusLogger
}

type AnyHandler = (arg: unknown) => void | Promise<void>

interface Subscription {
  handler: AnyHandler
  /** Prefix subscribers get the envelope, exact ones the bare event. */
  isEnvelope: boolean
}

const consoleLogger: BusLogger = {
  error: (obj, msg) => console.error(msg, obj),
}

export const createEventBus = (options: EventBusOptions = {}): EventBus => {
  const log = options.log ?? consoleLogger
  const exact = new Map<string, Set<Subscription>>()
  const prefixed = new Map<string, Set<Subscription>>()
  let pending = 0
  let waiters: Array<() => void> = []

  const settleOne = (): void => {
    pending--
    if (pending > 0) return
    const ready = waiters
    waiters = []
    for (const w of ready) w()
  }

  const reportFailure = (type: string, err: unknown): void => {
    try {
      log.error({ err, eventType: type }, 'event handler failed')
    } catch {
      // A broken logger must not break delivery either.
    }
  }

  const invoke = (type: string, sub: Subscription, arg: unknown): void => {
    pending++
    let result: void | Promise<void>
    try {
      result = sub.handler(arg)
    } catch (err) {
      reportFailure(type, err)
      settleOne()
      return
    }
    Promise.resolve(result)
      .catch((err: unknown) => reportFailure(type, err))
      .finally(settleOne)
  }

  const add = (
    map: Map<string, Set<Subscription>>,
    key: string,
    sub: Subscription,
  ): (() => void) => {
    let set = map.get(key)
    if (!set) {
      set = new Set()
      map.set(key, set)
    }
    set.add(sub)
    return () => {
      const current = map.get(key)
      current?.delete(sub)
      if (current?.size === 0) map.delete(key)
    }
  }

  return {
    publish(type, event) {
      // Subscribers are fixed at publish time: one that subscribes later does not see this event.
      const name: string = type
      const targets: Subscription[] = [...(exact.get(name) ?? [])]
      for (const [prefix, set] of prefixed) if (name.startsWith(prefix)) targets.push(...set)
      if (targets.length === 0) return
      const envelope = { type, event } as EventEnvelope
      pending++
      setImmediate(() => {
        for (const sub of targets) invoke(name, sub, sub.isEnvelope ? envelope : event)
        settleOne()
      })
    },
    subscribe(type, handler) {
      return add(exact, type, { handler: handler as AnyHandler, isEnvelope: false })
    },
    subscribePrefix(prefix, handler) {
      return add(prefixed, prefix, { handler: handler as AnyHandler, isEnvelope: true })
    },
    idle() {
      if (pending === 0) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    },
  }
}
