/**
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html
 * Not supported: pre-warming itself (nothing to warm locally); the target is stored and reported.
 */
import type {
  UpdateStreamWarmThroughputInput,
  UpdateStreamWarmThroughputOutput,
} from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { activeStream, stateOf } from './streams.js'

export const UpdateStreamWarmThroughput: Handler<
  UpdateStreamWarmThroughputInput,
  UpdateStreamWarmThroughputOutput
> = (input, ctx) => {
  const s = activeStream(ctx, input)
  if (s.mode !== 'ON_DEMAND') {
    throw invalidArgument('Warm throughput can only be set on streams in ON_DEMAND mode.')
  }
  if (input.WarmThroughputMiBps < 0)
    throw invalidArgument('WarmThroughputMiBps must not be negative.')
  const current = s.warmMiBps ?? 0
  s.warmMiBps = input.WarmThroughputMiBps
  stateOf(ctx).save(s)
  return {
    StreamARN: s.arn,
    StreamName: s.name,
    WarmThroughput: { TargetMiBps: s.warmMiBps, CurrentMiBps: current },
  }
}
