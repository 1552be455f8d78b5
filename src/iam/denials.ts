/** `--iam log`: would-be denials, logged and kept for /_millrace/iam/denials. */
import type { Principal } from '../server/principal.js'
import type { IamState } from '../services/iam/domain.js'
import type { IamStore } from '../services/iam/store.js'
import type { IamHost } from './host.js'

export interface DenialRecord {
  time: string
  principal: string
  action: string
  resource: string
  reason: string
  /** The statement that would allow the call. */
  statement: { Effect: 'Allow'; Action: string; Resource: string }
  message: string
}

const denials = new WeakMap<IamStore, DenialRecord[]>()
const MAX_DENIALS = 500

/** Would-be denials recorded in `--iam log` mode (newest last); served at /_millrace/iam/denials. */
export const recentDenials = (host: IamHost): DenialRecord[] => {
  let state: IamState
  try {
    state = host.services.get<IamState>('iam')
  } catch {
    return []
  }
  return [...(denials.get(state.store) ?? [])]
}

const describe = (p: Principal): string =>
  p.kind === 'assumed-role' && p.roleArn
    ? `role ${p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1)}`
    : p.kind === 'user'
      ? `user ${p.name ?? p.arn}`
      : p.arn

export const record = (
  host: IamHost,
  store: IamStore,
  p: Principal,
  action: string,
  resource: string,
  reason: string,
) => {
  const statement = { Effect: 'Allow' as const, Action: action, Resource: resource }
  const message = `${describe(p)} lacks ${action} on ${resource} — add this statement: ${JSON.stringify(statement)}`
  let list = denials.get(store)
  if (!list) {
    list = []
    denials.set(store, list)
  }
  list.push({
    time: new Date(host.now()).toISOString(),
    principal: p.arn,
    action,
    resource,
    reason,
    statement,
    message,
  })
  if (list.length > MAX_DENIALS) list.shift()
  host.log.warn({ principal: p.arn, action, resource, reason }, `IAM (log mode): ${message}`)
}
