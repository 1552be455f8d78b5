/** Kinesis CreateChannel (SDK 2025+). Not supported: delivery; the channel is stored and reported. */
import type { CreateChannelInput, CreateChannelOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { createChannel, describeChannel } from './channels.js'

export const CreateChannel: Handler<CreateChannelInput, CreateChannelOutput> = (input, ctx) => ({
  ChannelDescription: describeChannel(createChannel(ctx, input)),
})
