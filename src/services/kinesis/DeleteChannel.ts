/** Kinesis DeleteChannel (SDK 2025+). */
import type { DeleteChannelInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { findChannel } from './channels.js'
import { stateOf } from './streams.js'

export const DeleteChannel: Handler<DeleteChannelInput, EmptyStructure> = (input, ctx) => {
  stateOf(ctx).removeChannel(findChannel(ctx, input.ChannelARN))
  return {}
}
