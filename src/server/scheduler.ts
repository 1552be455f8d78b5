import { setTimeout as sleep } from 'node:timers/promises'

/**
 * The one background-task scheduler of the process: Firehose buffer flushes, crawler and job
 * runs, retention sweeps, lifecycle delays (CREATING → ACTIVE). Tasks are cancellable through
 * an AbortSignal, their failures are captured (never unhandled rejections) and their state is
 * listed as plain, serializable records for the console. Persisting runs across restarts is
 * each service's business (its own tables); this stays in memory.
 */

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** Plain data only (JSON-serializable), so it can be shown, logged or persisted as is. */
export interface TaskRecord {
  id: string
  name: string
  kind: string
  state: TaskState
  createdAt: number
  /** Start of the latest run. */
  startedAt?: number
  /** End of the latest run (or cancellation time when cancelled before running). */
  finishedAt?: number
  /** When the next run is due, while queued. */
  nextRunAt?: number
  /** Interval of a recurring task. */
  everyMs?: number
  runs: number
  failures: number
  /** Message of the latest failure. */
  error?: string
}

export interface TaskSpec {
  name: string
  /** Groups tasks for display and filtering, e.g. 'firehose:flush', 'glue:crawler-run'. */
  kind: string
  /** Wait before the first run; 0 (the default) still runs asynchronously. */
  delayMs?: number
  /** Makes the task recurring: the next run starts this long after the previous one ended. */
  everyMs?: number
  run: (signal: AbortSignal) => Promise<void> | void
}

export interface TaskHandle {
  readonly id: string
  /** Dequeues a waiting task or aborts a running one; no-op once finished. */
  cancel(): void
  record(): TaskRecord
  /** Settles (never rejects) when the task reaches succeeded, failed or cancelled. */
  readonly done: Promise<TaskRecord>
}

export interface ShutdownResult {
  /** Tasks that ignored their abort signal and were still running at the bound. */
  stillRunning: TaskRecord[]
}

export interface Scheduler {
  schedule(spec: TaskSpec): TaskHandle
  /** Live and recently finished tasks, oldest first. */
  list(): TaskRecord[]
  get(id: string): TaskRecord | undefined
  /** Stops timers, aborts running tasks and waits for them up to `timeoutMs`. Idempotent. */
  shutdown(timeoutMs?: number): Promise<ShutdownResult>
}

export type TimerRef = unknown

/** Time source, injectable so tests can drive schedules without waiting. */
export interface Clock {
  now(): number
  setTimer(fn: () => void, ms: number): TimerRef
  clearTimer(timer: TimerRef): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void
  pendingTimers(): number
}

/** A clock that only moves when told to, for tests of buffering intervals and schedules. */
export const createManualClock = (start = 0): ManualClock => {
  let now = start
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++seq
      timers.set(id, { at: now + Math.max(0, ms), fn })
      return id
    },
    clearTimer(timer) {
      timers.delete(timer as number)
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined
        for (const entry of timers)
          if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry
        if (!next) break
        timers.delete(next[0])
        now = next[1].at
        next[1].fn()
      }
      now = until
    },
    pendingTimers: () => timers.size,
  }
}

/** Waits `ms`; resolves at once for 0 so lifecycle delays configured to 0 cost nothing in tests. */
export const delay = (ms: number, signal?: AbortSignal): Promise<void> => {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (ms <= 0) return Promise.resolve()
  return sleep(ms, undefined, { signal })
}

/** The part of a pino logger the scheduler needs; pino's Logger satisfies it. */
export interface SchedulerLogger {
  error(obj: object, msg: string): void
}

export interface SchedulerOptions {
  clock?: Clock
  log?: SchedulerLogger
  /** Finished tasks kept for list(); older ones are forgotten first. */
  retainFinished?: number
  /** Called with a copy of the record on every state change (e.g. to publish it or persist it). */
  onChange?: (record: TaskRecord) => void
}

interface Task {
  record: TaskRecord
  spec: TaskSpec
  controller: AbortController
  timer?: TimerRef
  running?: Promise<void>
  isCancelRequested: boolean
  resolveDone: (record: TaskRecord) => void
}

const isTerminal = (state: TaskState): boolean =>
  state === 'succeeded' || state === 'failed' || state === 'cancelled'

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

export const createScheduler = (options: SchedulerOptions = {}): Scheduler => {
  const clock = options.clock ?? systemClock
  const retain = options.retainFinished ?? 500
  const tasks = new Map<string, Task>()
  let seq = 0
  let isShutdown = false

  const notify = (task: Task): void => {
    if (!options.onChange) return
    try {
      options.onChange({ ...task.record })
    } catch (err) {
      options.log?.error({ err, taskId: task.record.id }, 'scheduler onChange hook failed')
    }
  }

  const forgetOldFinished = (): void => {
    let finished = 0
    for (const t of tasks.values()) if (isTerminal(t.record.state)) finished++
    for (const [id, t] of tasks) {
      if (finished <= retain) break
      if (isTerminal(t.record.state)) {
        tasks.delete(id)
        finished--
      }
    }
  }

  const finish = (task: Task, state: TaskState): void => {
    task.record.state = state
    task.record.finishedAt = clock.now()
    delete task.record.nextRunAt
    notify(task)
    task.resolveDone({ ...task.record })
    forgetOldFinished()
  }

  const arm = (task: Task, ms: number): void => {
    task.record.state = 'queued'
    task.record.nextRunAt = clock.now() + ms
    task.timer = clock.setTimer(() => {
      task.timer = undefined
      start(task)
    }, ms)
  }

  const start = (task: Task): void => {
    const { record, spec, controller } = task
    record.state = 'running'
    record.startedAt = clock.now()
    delete record.nextRunAt
    record.runs++
    notify(task)
    // Promise.resolve().then turns a synchronous throw into a rejection we capture below.
    task.running = Promise.resolve()
      .then(() => spec.run(controller.signal))
      .then(
        () => ({ isFailed: false, err: undefined as unknown }),
        (err: unknown) => ({ isFailed: true, err }),
      )
      .then(({ isFailed, err }) => {
        task.running = undefined
        record.finishedAt = clock.now()
        if (task.isCancelRequested) return finish(task, 'cancelled')
        if (isFailed) {
          record.failures++
          record.error = messageOf(err)
          options.log?.error(
            { err, taskId: record.id, name: record.name, kind: record.kind },
            'task failed',
          )
        }
        if (spec.everyMs !== undefined && !isShutdown) {
          // A recurring task survives a failed run (e.g. a retention sweep hitting a busy file).
          arm(task, spec.everyMs)
          notify(task)
          return
        }
        finish(task, isFailed ? 'failed' : 'succeeded')
      })
      .catch((err: unknown) => {
        // Only a bug in the bookkeeping above lands here; log it rather than leak a rejection.
        options.log?.error({ err, taskId: record.id }, 'scheduler bookkeeping failed')
      })
  }

  const cancel = (task: Task): void => {
    if (isTerminal(task.record.state) || task.isCancelRequested) return
    task.isCancelRequested = true
    task.controller.abort(new DOMException(`task ${task.record.name} was cancelled`, 'AbortError'))
    if (task.timer !== undefined) {
      clock.clearTimer(task.timer)
      task.timer = undefined
    }
    // A running task turns cancelled when its run settles; a waiting one right now.
    if (!task.running) finish(task, 'cancelled')
  }

  return {
    schedule(spec) {
      if (isShutdown) throw new Error(`scheduler is shut down; cannot schedule ${spec.name}`)
      if (spec.everyMs !== undefined && !(spec.everyMs > 0)) {
        throw new RangeError(`everyMs must be positive for recurring task ${spec.name}`)
      }
      const id = `task-${++seq}`
      let resolveDone: (record: TaskRecord) => void = () => undefined
      const done = new Promise<TaskRecord>((resolve) => {
        resolveDone = resolve
      })
      const task: Task = {
        record: {
          id,
          name: spec.name,
          kind: spec.kind,
          state: 'queued',
          createdAt: clock.now(),
          // No undefined-valued keys: records must survive a JSON round trip unchanged.
          ...(spec.everyMs !== undefined ? { everyMs: spec.everyMs } : {}),
          runs: 0,
          failures: 0,
        },
        spec,
        controller: new AbortController(),
        isCancelRequested: false,
        resolveDone,
      }
      tasks.set(id, task)
      arm(task, Math.max(0, spec.delayMs ?? 0))
      notify(task)
      return {
        id,
        cancel: () => cancel(task),
        record: () => ({ ...task.record }),
        done,
      }
    },
    list: () => [...tasks.values()].map((t) => ({ ...t.record })),
    get(id) {
      const t = tasks.get(id)
      return t ? { ...t.record } : undefined
    },
    async shutdown(timeoutMs = 5000) {
      isShutdown = true
      const live = [...tasks.values()].filter((t) => !isTerminal(t.record.state))
      for (const t of live) cancel(t)
      const running = live.flatMap((t) => (t.running ? [t.running] : []))
      if (running.length > 0) {
        let timer: TimerRef | undefined
        const bound = new Promise<void>((resolve) => {
          timer = clock.setTimer(resolve, timeoutMs)
        })
        await Promise.race([Promise.all(running), bound])
        clock.clearTimer(timer)
      }
      return {
        stillRunning: live
          .filter((t) => t.record.state === 'running')
          .map((t) => ({ ...t.record })),
      }
    },
  }
}
