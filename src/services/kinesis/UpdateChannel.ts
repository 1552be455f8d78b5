/** Kinesis UpdateChannel (SDK 2025+). */
import type { UpdateChannelInput, UpdateChannelOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { describeChannel, updateChannel } from './channels.js'

export const UpdateChannel: Handler<UpdateChannelInput, UpdateChannelOutput> = (input, ctx) => ({
  ChannelDescription: describeChannel(updateChannel(ctx, input)),
})
