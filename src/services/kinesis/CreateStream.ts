/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html */
import type { CreateStreamInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { autoNeedsOnDemand, invalidArgument, onDemandStreamLimit, streamExists } from './errors.js'
import {
  addShards,
  checkShardLimit,
  ON_DEMAND_STREAM_LIMIT,
  openLogsOf,
  stateOf,
  transition,
} from './streams.js'

/** On-demand streams start with 4 shards (4 MiB/s write), as on AWS. */
export const ON_DEMAND_INITIAL_SHARDS = 4

export const CreateStream: Handler<CreateStreamInput, EmptyStructure> = async (input, ctx) => {
  const st = stateOf(ctx)
  const mode = input.StreamModeDetails?.StreamMode ?? 'PROVISIONED'
  if (st.findStream(ctx.account, ctx.region, input.StreamName)) {
    throw streamExists(input.StreamName, ctx.account)
  }
  if (mode === 'PROVISIONED' && input.ShardCount === undefined) {
    throw invalidArgument('ShardCount is required for streams in PROVISIONED mode.')
  }
  const count = mode === 'ON_DEMAND' ? ON_DEMAND_INITIAL_SHARDS : input.ShardCount!
  if (mode === 'ON_DEMAND') {
    const onDemand = st.streamsOf(ctx.account, ctx.region).filter((s) => s.mode === 'ON_DEMAND')
    if (onDemand.length >= ON_DEMAND_STREAM_LIMIT) {
      throw onDemandStreamLimit(ctx.account, ON_DEMAND_STREAM_LIMIT)
    }
  }
  if (input.RecordDistributionStrategy === 'AUTO' && mode !== 'ON_DEMAND') {
    throw autoNeedsOnDemand(input.StreamName, ctx.account)
  }
  const maxKiB = input.MaxRecordSizeInKiB ?? 1024
  if (maxKiB < 1024 || maxKiB > 10240) {
    throw invalidArgument('MaxRecordSizeInKiB must be between 1024 and 10240.')
  }
  checkShardLimit(ctx, count)
  const s = st.newStream({
    account: ctx.account,
    region: ctx.region,
    name: input.StreamName,
    mode,
    tags: { ...(input.Tags ?? {}) },
    maxRecordKiB: maxKiB,
    ...(input.WarmThroughputMiBps !== undefined ? { warmMiBps: input.WarmThroughputMiBps } : {}),
    ...(input.RecordDistributionStrategy ? { distribution: input.RecordDistributionStrategy } : {}),
  })
  addShards(s, count, s.createdMs)
  await openLogsOf(ctx, s)
  await transition(ctx, s, 'CREATING', ctx.config.kinesisCreateDelayMs)
  return {}
}
