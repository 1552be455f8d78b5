import type { Operations } from '../../gen/kinesis.js'
import type { HandlerTable, ServiceHost } from '../types.js'
import { AddTagsToStream } from './AddTagsToStream.js'
import { CreateChannel } from './CreateChannel.js'
import { CreateStream } from './CreateStream.js'
import { DecreaseStreamRetentionPeriod } from './DecreaseStreamRetentionPeriod.js'
import { DeleteChannel } from './DeleteChannel.js'
import { DeleteResourcePolicy } from './DeleteResourcePolicy.js'
import { DeleteStream } from './DeleteStream.js'
import { DeregisterStreamConsumer } from './DeregisterStreamConsumer.js'
import { DescribeAccountSettings } from './DescribeAccountSettings.js'
import { DescribeChannel } from './DescribeChannel.js'
import { DescribeLimits } from './DescribeLimits.js'
import { DescribeStream } from './DescribeStream.js'
import { DescribeStreamConsumer } from './DescribeStreamConsumer.js'
import { DescribeStreamSummary } from './DescribeStreamSummary.js'
import { DisableEnhancedMonitoring } from './DisableEnhancedMonitoring.js'
import { EnableEnhancedMonitoring } from './EnableEnhancedMonitoring.js'
import { GetRecords } from './GetRecords.js'
import { GetResourcePolicy } from './GetResourcePolicy.js'
import { GetShardIterator } from './GetShardIterator.js'
import { IncreaseStreamRetentionPeriod } from './IncreaseStreamRetentionPeriod.js'
import { ListChannels } from './ListChannels.js'
import { ListShards } from './ListShards.js'
import { ListStreamConsumers } from './ListStreamConsumers.js'
import { ListStreams } from './ListStreams.js'
import { ListTagsForResource } from './ListTagsForResource.js'
import { ListTagsForStream } from './ListTagsForStream.js'
import { MergeShards } from './MergeShards.js'
import { ON_DEMAND_CHECK_MS, scaleOnDemand } from './on-demand.js'
import { PutRecord } from './PutRecord.js'
import { PutRecords } from './PutRecords.js'
import { PutResourcePolicy } from './PutResourcePolicy.js'
import { RegisterStreamConsumer } from './RegisterStreamConsumer.js'
import { RemoveTagsFromStream } from './RemoveTagsFromStream.js'
import { RETENTION_SWEEP_MS, recoverLifecycle, sweepRetention } from './retention.js'
import { SplitShard } from './SplitShard.js'
import { StartStreamEncryption } from './StartStreamEncryption.js'
import { StopStreamEncryption } from './StopStreamEncryption.js'
import { SubscribeToShard } from './SubscribeToShard.js'
import { type KinesisState, openKinesisState } from './store.js'
import { TagResource } from './TagResource.js'
import { UntagResource } from './UntagResource.js'
import { UpdateAccountSettings } from './UpdateAccountSettings.js'
import { UpdateChannel } from './UpdateChannel.js'
import { UpdateMaxRecordSize } from './UpdateMaxRecordSize.js'
import { UpdateShardCount } from './UpdateShardCount.js'
import { UpdateStreamMode } from './UpdateStreamMode.js'
import { UpdateStreamRecordDistributionStrategy } from './UpdateStreamRecordDistributionStrategy.js'
import { UpdateStreamWarmThroughput } from './UpdateStreamWarmThroughput.js'

export type { KinesisState } from './store.js'

export const handlers = {
  AddTagsToStream,
  CreateChannel,
  CreateStream,
  DecreaseStreamRetentionPeriod,
  DeleteChannel,
  DeleteResourcePolicy,
  DeleteStream,
  DeregisterStreamConsumer,
  DescribeAccountSettings,
  DescribeChannel,
  DescribeLimits,
  DescribeStream,
  DescribeStreamConsumer,
  DescribeStreamSummary,
  DisableEnhancedMonitoring,
  EnableEnhancedMonitoring,
  GetRecords,
  GetResourcePolicy,
  GetShardIterator,
  IncreaseStreamRetentionPeriod,
  ListChannels,
  ListShards,
  ListStreamConsumers,
  ListStreams,
  ListTagsForResource,
  ListTagsForStream,
  MergeShards,
  PutRecord,
  PutRecords,
  PutResourcePolicy,
  RegisterStreamConsumer,
  RemoveTagsFromStream,
  SplitShard,
  StartStreamEncryption,
  StopStreamEncryption,
  SubscribeToShard,
  TagResource,
  UntagResource,
  UpdateAccountSettings,
  UpdateChannel,
  UpdateMaxRecordSize,
  UpdateShardCount,
  UpdateStreamMode,
  UpdateStreamRecordDistributionStrategy,
  UpdateStreamWarmThroughput,
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
  host.scheduler.schedule({
    name: 'kinesis on-demand scaling',
    kind: 'kinesis:on-demand',
    delayMs: ON_DEMAND_CHECK_MS,
    everyMs: ON_DEMAND_CHECK_MS,
    run: () => scaleOnDemand(state, host, host.config),
  })
  return state
}
