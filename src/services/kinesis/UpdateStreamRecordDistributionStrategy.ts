/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html */
import type {
  EmptyStructure,
  UpdateStreamRecordDistributionStrategyInput,
} from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { activeStream, stateOf } from './streams.js'

/** AUTO lets producers omit PartitionKey (records then spread over the shards). */
export const UpdateStreamRecordDistributionStrategy: Handler<
  UpdateStreamRecordDistributionStrategyInput,
  EmptyStructure
> = (input, ctx) => {
  const s = activeStream(ctx, { StreamARN: input.StreamARN })
  s.distribution = input.RecordDistributionStrategy
  stateOf(ctx).save(s)
  return {}
}
