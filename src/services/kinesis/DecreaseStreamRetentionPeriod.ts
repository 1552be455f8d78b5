/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html */
import type { DecreaseStreamRetentionPeriodInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { retentionNotShorter, retentionTooLong, retentionTooShort } from './errors.js'
import { sweepRetention } from './retention.js'
import { activeStream, stateOf } from './streams.js'

export const DecreaseStreamRetentionPeriod: Handler<
  DecreaseStreamRetentionPeriodInput,
  EmptyStructure
> = async (input, ctx) => {
  const s = activeStream(ctx, input)
  const h = input.RetentionPeriodHours
  if (h < 24) throw retentionTooShort(h)
  if (h > 8760) throw retentionTooLong(h)
  if (h > s.retentionHours) throw retentionNotShorter(h, s.name, s.retentionHours)
  s.retentionHours = h
  const st = stateOf(ctx)
  st.save(s)
  // Records past the new period become unreadable at once (reads filter by arrival time);
  // whole segments go now rather than at the next sweep.
  await sweepRetention(st, ctx.now())
  return {}
}
