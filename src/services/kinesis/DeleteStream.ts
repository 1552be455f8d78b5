/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html */
import type { DeleteStreamInput, EmptyStructure } from '../../gen/kinesis.js'
import { AwsError } from '../../server/errors.js'
import type { Handler } from '../types.js'
import { findStream, stateOf, transition } from './streams.js'

export const DeleteStream: Handler<DeleteStreamInput, EmptyStructure> = async (input, ctx) => {
  const s = findStream(ctx, input)
  if (s.consumers.length > 0 && !input.EnforceConsumerDeletion) {
    throw new AwsError(
      'ResourceInUseException',
      `Stream ${s.name} under account ${ctx.account} has registered consumers. Either deregister them or set EnforceConsumerDeletion to true.`,
    )
  }
  if (s.status === 'DELETING') return {}
  await transition(ctx, s, 'DELETING', ctx.config.kinesisDeleteDelayMs, (cur) =>
    stateOf(ctx).remove(cur),
  )
  return {}
}
