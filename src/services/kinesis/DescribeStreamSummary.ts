/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html */
import type { DescribeStreamSummaryInput, DescribeStreamSummaryOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { enhancedMonitoring, findStream, modeDetails, openShards, stateOf } from './streams.js'

export const DescribeStreamSummary: Handler<
  DescribeStreamSummaryInput,
  DescribeStreamSummaryOutput
> = (input, ctx) => {
  const s = findStream(ctx, input)
  const channels = stateOf(ctx)
    .channels(ctx.account, ctx.region)
    .filter((c) => JSON.stringify(c.doc).includes(s.arn)).length
  return {
    StreamDescriptionSummary: {
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      RetentionPeriodHours: s.retentionHours,
      StreamCreationTimestamp: new Date(s.createdMs),
      EnhancedMonitoring: enhancedMonitoring(s),
      EncryptionType: s.encryptionType,
      ...(s.keyId ? { KeyId: s.keyId } : {}),
      OpenShardCount: openShards(s).length,
      ConsumerCount: s.consumers.length,
      StreamId: s.id,
      MaxRecordSizeInKiB: s.maxRecordKiB,
      ...(s.warmMiBps !== undefined
        ? { WarmThroughput: { TargetMiBps: s.warmMiBps, CurrentMiBps: s.warmMiBps } }
        : {}),
      ChannelCount: channels,
      ...(s.distribution ? { RecordDistributionStrategy: s.distribution } : {}),
    },
  }
}
