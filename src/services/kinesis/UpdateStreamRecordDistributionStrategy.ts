/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html */
import type {
  EmptyStructure,
  UpdateStreamRecordDistributionStrategyInput,
} from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { autoNeedsOnDemand } from './errors.js'
import { activeStream, stateOf } from './streams.js'

/** AUTO (on-demand streams only) spreads records evenly; PartitionKey becomes optional and is ignored. */
export const UpdateStreamRecordDistributionStrategy: Handler<
  UpdateStreamRecordDistributionStrategyInput,
  EmptyStructure
> = (input, ctx) => {
  const s = activeStream(ctx, { StreamARN: input.StreamARN })
  if (s.mode !== 'ON_DEMAND' && input.RecordDistributionStrategy === 'AUTO') {
    throw autoNeedsOnDemand(s.name, ctx.account)
  }
  s.distribution = input.RecordDistributionStrategy
  stateOf(ctx).save(s)
  return {}
}
