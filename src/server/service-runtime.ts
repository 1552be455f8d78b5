/** Opens each service's state once, on first use, and closes them all on shutdown. */
import { loadService } from '../services/registry.js'
import type { ServiceHost, ServiceRuntime, ServiceState } from '../services/types.js'

export interface ServiceRuntimes extends ServiceRuntime {
  closeAll(): Promise<void>
}

export const createServiceRuntimes = (host: () => ServiceHost): ServiceRuntimes => {
  const opening = new Map<string, Promise<ServiceState>>()
  const opened = new Map<string, ServiceState>()

  const open = <T>(id: string): Promise<T> => {
    let p = opening.get(id)
    if (!p) {
      p = (async () => {
        const module = await loadService(id)
        const state: ServiceState = (await module?.open?.(host())) ?? {}
        opened.set(id, state)
        return state
      })()
      opening.set(id, p)
      // A failed open may be retried by a later request.
      p.catch(() => opening.delete(id))
    }
    return p as Promise<T>
  }

  return {
    get: <T>(id: string): T => {
      const state = opened.get(id)
      if (state === undefined) throw new Error(`service ${id} is not open`)
      return state as T
    },
    open,
    closeAll: async () => {
      // Reverse opening order: later services may depend on earlier ones (Firehose on S3).
      for (const [, state] of [...opened].reverse()) await state.close?.()
      opened.clear()
      opening.clear()
    },
  }
}
