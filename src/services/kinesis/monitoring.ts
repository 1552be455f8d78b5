/** Enhanced (shard-level) monitoring settings: stored and reported. */
import type { EnhancedMonitoringOutput, MetricsName } from '../../gen/kinesis.js'
import type { Ctx } from '../types.js'
import type { StreamRef } from './streams.js'
import { findStream, stateOf } from './streams.js'

const ALL: MetricsName[] = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
]

const expand = (m: MetricsName[]): MetricsName[] => (m.includes('ALL') ? ALL : m)

export const changeMetrics = (
  ctx: Ctx,
  ref: StreamRef,
  metrics: MetricsName[],
  isEnable: boolean,
): EnhancedMonitoringOutput => {
  const s = findStream(ctx, ref)
  const current = [...s.metrics]
  const change = new Set(expand(metrics))
  const next = isEnable
    ? ALL.filter((m) => current.includes(m) || change.has(m))
    : current.filter((m) => !change.has(m))
  s.metrics = next
  stateOf(ctx).save(s)
  return {
    StreamName: s.name,
    StreamARN: s.arn,
    CurrentShardLevelMetrics: current,
    DesiredShardLevelMetrics: next,
  }
}
