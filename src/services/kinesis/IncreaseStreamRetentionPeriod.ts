/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html */
import type { EmptyStructure, IncreaseStreamRetentionPeriodInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { retentionNotLonger, retentionTooLong, retentionTooShort } from './errors.js'
import { activeStream, stateOf } from './streams.js'

export const IncreaseStreamRetentionPeriod: Handler<
  IncreaseStreamRetentionPeriodInput,
  EmptyStructure
> = (input, ctx) => {
  const s = activeStream(ctx, input)
  const h = input.RetentionPeriodHours
  if (h < 24) throw retentionTooShort(h)
  if (h > 8760) throw retentionTooLong(h)
  if (h < s.retentionHours) throw retentionNotLonger(h, s.name, s.retentionHours)
  s.retentionHours = h
  stateOf(ctx).save(s)
  return {}
}
