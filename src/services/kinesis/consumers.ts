/** Enhanced fan-out consumers: registered per stream, addressed by ARN or stream + name. */
import type { ConsumerDescription } from '../../gen/kinesis.js'
import type { Ctx } from '../types.js'
import { consumerNotFound, invalidArgument } from './errors.js'
import type { ConsumerRow, StreamRow } from './store.js'
import { stateOf } from './streams.js'

/** AWS's default: 20 registered consumers per stream. */
export const MAX_CONSUMERS = 20

export interface ConsumerRef {
  StreamARN?: string
  ConsumerName?: string
  ConsumerARN?: string
}

export const findConsumer = (
  ctx: Ctx,
  ref: ConsumerRef,
): { stream: StreamRow; consumer: ConsumerRow } => {
  const st = stateOf(ctx)
  if (ref.ConsumerARN) {
    const cut = ref.ConsumerARN.indexOf('/consumer/')
    const stream = cut === -1 ? undefined : st.findStreamByArn(ref.ConsumerARN.slice(0, cut))
    const consumer = stream?.consumers.find((c) => c.arn === ref.ConsumerARN)
    if (!stream || !consumer) throw consumerNotFound(ref.ConsumerARN, ctx.account)
    return { stream, consumer }
  }
  if (!ref.StreamARN || !ref.ConsumerName) {
    throw invalidArgument('Either ConsumerARN or both StreamARN and ConsumerName must be provided.')
  }
  const stream = st.findStreamByArn(ref.StreamARN)
  const consumer = stream?.consumers.find((c) => c.name === ref.ConsumerName)
  if (!stream || !consumer) throw consumerNotFound(ref.ConsumerName, ctx.account)
  return { stream, consumer }
}

export const consumerView = (s: StreamRow, c: ConsumerRow): ConsumerDescription => ({
  ConsumerName: c.name,
  ConsumerARN: c.arn,
  ConsumerStatus: c.status,
  ConsumerCreationTimestamp: new Date(c.createdMs),
  StreamARN: s.arn,
})
