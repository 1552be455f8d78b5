import type { Operations } from '../../gen/kinesis.js'
import type { HandlerTable, ServiceHost } from '../types.js'
import { CreateStream } from './CreateStream.js'
import { DeleteStream } from './DeleteStream.js'
import { DescribeLimits } from './DescribeLimits.js'
import { DescribeStream } from './DescribeStream.js'
import { DescribeStreamSummary } from './DescribeStreamSummary.js'
import { GetRecords } from './GetRecords.js'
import { GetShardIterator } from './GetShardIterator.js'
import { ListShards } from './ListShards.js'
import { ListStreams } from './ListStreams.js'
import { PutRecord } from './PutRecord.js'
import { PutRecords } from './PutRecords.js'
import { RETENTION_SWEEP_MS, recoverLifecycle, sweepRetention } from './retention.js'
import { type KinesisState, openKinesisState } from './store.js'

export type { KinesisState } from './store.js'

export const handlers = {
  CreateStream,
  DeleteStream,
  DescribeLimits,
  DescribeStream,
  DescribeStreamSummary,
  GetRecords,
  GetShardIterator,
  ListShards,
  ListStreams,
  PutRecord,
  PutRecords,
} satisfies HandlerTable<Operations>

/** The resource policy stored for a stream or consumer ARN (read by the IAM evaluator). */
export const resourcePolicyOf = (state: KinesisState, arn: string): string | undefined =>
  state.policyOf(arn)

export const open = async (host: ServiceHost): Promise<KinesisState> => {
  const state = await openKinesisState(host)
  await recoverLifecycle(state)
  host.scheduler.schedule({
    name: 'kinesis retention',
    kind: 'kinesis:retention',
    delayMs: RETENTION_SWEEP_MS,
    everyMs: RETENTION_SWEEP_MS,
    run: () => sweepRetention(state, host.now()),
  })
  return state
}
