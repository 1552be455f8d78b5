/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html */
import type {
  RegisterStreamConsumerInput,
  RegisterStreamConsumerOutput,
} from '../../gen/kinesis.js'
import { AwsError } from '../../server/errors.js'
import type { Handler } from '../types.js'
import { MAX_CONSUMERS } from './consumers.js'
import { consumerExists } from './errors.js'
import type { ConsumerRow } from './store.js'
import { findStream, stateOf } from './streams.js'

export const RegisterStreamConsumer: Handler<
  RegisterStreamConsumerInput,
  RegisterStreamConsumerOutput
> = (input, ctx) => {
  const st = stateOf(ctx)
  const s = findStream(ctx, { StreamARN: input.StreamARN })
  if (s.consumers.some((c) => c.name === input.ConsumerName)) {
    throw consumerExists(input.ConsumerName, ctx.account)
  }
  if (s.consumers.length >= MAX_CONSUMERS) {
    throw new AwsError(
      'LimitExceededException',
      `Stream ${s.name} under account ${ctx.account} already has ${MAX_CONSUMERS} registered consumers.`,
    )
  }
  const now = ctx.now()
  const c: ConsumerRow = {
    name: input.ConsumerName,
    arn: `${s.arn}/consumer/${input.ConsumerName}:${Math.floor(now / 1000)}`,
    status: ctx.config.kinesisCreateDelayMs === 0 ? 'ACTIVE' : 'CREATING',
    createdMs: now,
    tags: { ...(input.Tags ?? {}) },
  }
  s.consumers.push(c)
  st.save(s)
  if (c.status === 'CREATING') {
    ctx.scheduler.schedule({
      name: `kinesis consumer ${c.name} ACTIVE`,
      kind: 'kinesis:lifecycle',
      delayMs: ctx.config.kinesisCreateDelayMs,
      run: () => {
        c.status = 'ACTIVE'
        if (st.findStreamByArn(s.arn) === s) st.save(s)
      },
    })
  }
  return {
    Consumer: {
      ConsumerName: c.name,
      ConsumerARN: c.arn,
      ConsumerStatus: c.status,
      ConsumerCreationTimestamp: new Date(c.createdMs),
    },
  }
}
