/**
 * Values that load asynchronously once per key (models, protocols, service modules, service
 * state) and are then answered synchronously: the hot path awaits only what is still loading.
 */
export class LoadOnce<T> {
  readonly #ready = new Map<string, T>()
  readonly #pending = new Map<string, Promise<T>>()

  constructor(private readonly load: (key: string) => Promise<T>) {}

  /** The loaded value, or a promise of it; a failed load is retried by the next call. */
  get(key: string): T | Promise<T> {
    if (this.#ready.has(key)) return this.#ready.get(key) as T
    let p = this.#pending.get(key)
    if (!p) {
      p = this.load(key).then(
        (value) => {
          this.#ready.set(key, value)
          this.#pending.delete(key)
          return value
        },
        (err: unknown) => {
          this.#pending.delete(key)
          throw err
        },
      )
      this.#pending.set(key, p)
    }
    return p
  }

  /** The value if it has finished loading. */
  peek(key: string): T | undefined {
    return this.#ready.get(key)
  }

  /** Loaded values in load order. */
  values(): T[] {
    return [...this.#ready.values()]
  }

  clear(): void {
    this.#ready.clear()
    this.#pending.clear()
  }
}
