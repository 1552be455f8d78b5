/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html */
import type { DescribeStreamInput, DescribeStreamOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { shardIndexOf } from './sequence-numbers.js'
import { enhancedMonitoring, findStream, modeDetails, shardView } from './streams.js'

export const DescribeStream: Handler<DescribeStreamInput, DescribeStreamOutput> = (input, ctx) => {
  const s = findStream(ctx, input)
  const limit = input.Limit ?? 100
  const after = input.ExclusiveStartShardId ? (shardIndexOf(input.ExclusiveStartShardId) ?? -1) : -1
  const shards = [...s.shards].sort((a, b) => a.index - b.index).filter((x) => x.index > after)
  return {
    StreamDescription: {
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      Shards: shards.slice(0, limit).map((x) => shardView(s, x)),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: s.retentionHours,
      StreamCreationTimestamp: new Date(s.createdMs),
      EnhancedMonitoring: enhancedMonitoring(s),
      EncryptionType: s.encryptionType,
      ...(s.keyId ? { KeyId: s.keyId } : {}),
    },
  }
}
