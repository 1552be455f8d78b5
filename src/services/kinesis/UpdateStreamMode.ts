/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html */
import type { EmptyStructure, UpdateStreamModeInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument, onDemandStreamLimit } from './errors.js'
import { activeStream, ON_DEMAND_STREAM_LIMIT, stateOf, transition } from './streams.js'

export const UpdateStreamMode: Handler<UpdateStreamModeInput, EmptyStructure> = async (
  input,
  ctx,
) => {
  const s = activeStream(ctx, input)
  const mode = input.StreamModeDetails.StreamMode
  if (mode === s.mode) {
    throw invalidArgument(
      `Stream ${s.name} under account ${ctx.account} is already in ${mode} mode.`,
    )
  }
  if (mode === 'ON_DEMAND') {
    const count = stateOf(ctx)
      .streamsOf(ctx.account, ctx.region)
      .filter((x) => x.mode === 'ON_DEMAND').length
    if (count >= ON_DEMAND_STREAM_LIMIT)
      throw onDemandStreamLimit(ctx.account, ON_DEMAND_STREAM_LIMIT)
  }
  // Shards carry over both ways, as on AWS; on-demand scaling then adjusts them.
  s.mode = mode
  if (input.WarmThroughputMiBps !== undefined) s.warmMiBps = input.WarmThroughputMiBps
  await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs)
  return {}
}
