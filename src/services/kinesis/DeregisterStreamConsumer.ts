/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html */
import type { DeregisterStreamConsumerInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { findConsumer } from './consumers.js'
import { stateOf } from './streams.js'

export const DeregisterStreamConsumer: Handler<DeregisterStreamConsumerInput, EmptyStructure> = (
  input,
  ctx,
) => {
  const st = stateOf(ctx)
  const { stream, consumer } = findConsumer(ctx, input)
  const drop = (): void => {
    stream.consumers = stream.consumers.filter((c) => c !== consumer)
    st.setPolicy(consumer.arn, undefined)
    if (st.findStreamByArn(stream.arn) === stream) st.save(stream)
  }
  if (ctx.config.kinesisDeleteDelayMs === 0) drop()
  else {
    consumer.status = 'DELETING'
    st.save(stream)
    ctx.scheduler.schedule({
      name: `kinesis consumer ${consumer.name} deregister`,
      kind: 'kinesis:lifecycle',
      delayMs: ctx.config.kinesisDeleteDelayMs,
      run: drop,
    })
  }
  return {}
}
