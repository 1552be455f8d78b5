/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html */
import type { DescribeLimitsInput, DescribeLimitsOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { ON_DEMAND_STREAM_LIMIT, openShardCount, shardLimitOf, stateOf } from './streams.js'

export const CHANNEL_LIMIT = 50

export const DescribeLimits: Handler<DescribeLimitsInput, DescribeLimitsOutput> = (_input, ctx) => {
  const st = stateOf(ctx)
  return {
    ShardLimit: shardLimitOf(ctx),
    OpenShardCount: openShardCount(ctx),
    OnDemandStreamCount: st.streamsOf(ctx.account, ctx.region).filter((s) => s.mode === 'ON_DEMAND')
      .length,
    OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT,
    ChannelCount: st.channels(ctx.account, ctx.region).length,
    ChannelCountLimit: CHANNEL_LIMIT,
  }
}
