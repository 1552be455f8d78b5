/** Kinesis DescribeChannel (SDK 2025+). */
import type { DescribeChannelInput, DescribeChannelOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { describeChannel, findChannel } from './channels.js'

export const DescribeChannel: Handler<DescribeChannelInput, DescribeChannelOutput> = (
  input,
  ctx,
) => ({
  ChannelDescription: describeChannel(findChannel(ctx, input.ChannelARN)),
})
