/**
 * Account settings: the minimum throughput billing commitment. Enabling starts a commitment
 * that can end no earlier than a year later (AWS's term); disabling before then leaves it
 * ENABLED_UNTIL_EARLIEST_ALLOWED_END.
 */
import type { MinimumThroughputBillingCommitmentOutput } from '../../gen/kinesis.js'
import type { Ctx } from '../types.js'
import { stateOf } from './streams.js'

const YEAR_MS = 365 * 24 * 3600_000

interface Stored {
  status?: 'ENABLED' | 'DISABLED' | 'ENABLED_UNTIL_EARLIEST_ALLOWED_END'
  startedAt?: number
  endedAt?: number
}

export const commitmentOf = (ctx: Ctx): MinimumThroughputBillingCommitmentOutput => {
  const s = stateOf(ctx).accountSettings(ctx.account, ctx.region) as Stored
  if (!s.status) return { Status: 'DISABLED' }
  const earliest = s.startedAt !== undefined ? s.startedAt + YEAR_MS : undefined
  const status =
    s.status === 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' &&
    earliest !== undefined &&
    ctx.now() >= earliest
      ? 'DISABLED'
      : s.status
  return {
    Status: status,
    ...(s.startedAt !== undefined ? { StartedAt: new Date(s.startedAt) } : {}),
    ...(s.endedAt !== undefined ? { EndedAt: new Date(s.endedAt) } : {}),
    ...(earliest !== undefined ? { EarliestAllowedEndAt: new Date(earliest) } : {}),
  }
}

export const setCommitment = (ctx: Ctx, isEnabled: boolean): void => {
  const st = stateOf(ctx)
  const s = st.accountSettings(ctx.account, ctx.region) as Stored
  const now = ctx.now()
  let next: Stored
  if (isEnabled) next = s.status === 'ENABLED' ? s : { status: 'ENABLED', startedAt: now }
  else if (s.status === 'ENABLED' && s.startedAt !== undefined && now < s.startedAt + YEAR_MS) {
    next = { ...s, status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END', endedAt: s.startedAt + YEAR_MS }
  } else next = { ...s, status: 'DISABLED', endedAt: now }
  st.saveAccountSettings(ctx.account, ctx.region, next as Record<string, unknown>)
}
