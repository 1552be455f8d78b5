/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html */
import type {
  DescribeStreamConsumerInput,
  DescribeStreamConsumerOutput,
} from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { consumerView, findConsumer } from './consumers.js'

export const DescribeStreamConsumer: Handler<
  DescribeStreamConsumerInput,
  DescribeStreamConsumerOutput
> = (input, ctx) => {
  const { stream, consumer } = findConsumer(ctx, input)
  return { ConsumerDescription: consumerView(stream, consumer) }
}
