/** What IAM needs of the host, and the per-store authorizer. */
import type { IamState } from '../services/iam/domain.js'
import type { IamStore } from '../services/iam/store.js'
import type { ServiceHost } from '../services/types.js'
import { Authorizer } from './authorizer.js'

/** What IAM decisions need of the host; a handler's ctx has it too. */
export type IamHost = Pick<ServiceHost, 'services' | 'now' | 'config' | 'log'>

/** A service's state if it is open, without waiting (the hot path stays synchronous). */
export const openState = <T>(host: IamHost, id: string): T | undefined => {
  try {
    return host.services.get<T>(id)
  } catch {
    return undefined
  }
}

const authorizers = new WeakMap<IamStore, Authorizer>()

export const iamStateOf = (host: IamHost): Promise<IamState> => host.services.open<IamState>('iam')

export const authorizerOf = (state: IamState): Authorizer => {
  let a = authorizers.get(state.store)
  if (!a) {
    a = new Authorizer(state.store)
    authorizers.set(state.store, a)
  }
  return a
}
