/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html */
import type { UpdateShardCountInput, UpdateShardCountOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { rescale } from './resharding.js'
import { activeStream, checkShardLimit, openShards, transition } from './streams.js'

export const UpdateShardCount: Handler<UpdateShardCountInput, UpdateShardCountOutput> = async (
  input,
  ctx,
) => {
  const s = activeStream(ctx, input)
  const current = openShards(s).length
  const target = input.TargetShardCount
  // AWS allows at most doubling or halving in one call.
  if (target > current * 2 || target * 2 < current) {
    throw invalidArgument(
      `UpdateShardCount cannot scale up over double or scale down below half of the current shard count. Current open shard count: ${current}. Target shard count: ${target}.`,
    )
  }
  // While resharding, parents and children both count against the limit.
  checkShardLimit(ctx, target)
  if (target !== current) {
    await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs, (cur) =>
      rescale(ctx, cur, target),
    )
  }
  return {
    StreamName: s.name,
    StreamARN: s.arn,
    CurrentShardCount: current,
    TargetShardCount: target,
  }
}
