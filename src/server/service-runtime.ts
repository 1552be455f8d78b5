/** Opens each service's state once, on first use, and closes them all on shutdown. */
import { loadService } from '../services/registry.js'
import type { ServiceHost, ServiceRuntime, ServiceState } from '../services/types.js'
import { LoadOnce } from './load-once.js'

export interface ServiceRuntimes extends ServiceRuntime {
  /** The state if open, else a promise that opens it (the hot path skips the await). */
  ensure(serviceId: string): ServiceState | Promise<ServiceState>
  closeAll(): Promise<void>
}

export const createServiceRuntimes = (host: () => ServiceHost): ServiceRuntimes => {
  const states = new LoadOnce<ServiceState>(async (id) => {
    const module = await loadService(id)
    return (await module?.open?.(host())) ?? {}
  })

  return {
    get: <T>(id: string): T => {
      const state = states.peek(id)
      if (state === undefined) throw new Error(`service ${id} is not open`)
      return state as T
    },
    open: async <T>(id: string): Promise<T> => (await states.get(id)) as T,
    ensure: (id) => states.get(id),
    closeAll: async () => {
      // Reverse opening order: later services may depend on earlier ones (Firehose on S3).
      for (const state of states.values().reverse()) await state.close?.()
      states.clear()
    },
  }
}
