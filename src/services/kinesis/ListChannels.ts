/** Kinesis ListChannels (SDK 2025+): optionally filtered by stream. */
import type { ListChannelsInput, ListChannelsOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { summarizeChannel } from './channels.js'
import { stateOf } from './streams.js'
import { decodeToken, encodeToken } from './tokens.js'

export const ListChannels: Handler<ListChannelsInput, ListChannelsOutput> = (input, ctx) => {
  const st = stateOf(ctx)
  const after = input.NextToken
    ? decodeToken<{ after: string }>(st.secret, ctx.now(), input.NextToken).after
    : ''
  const wanted = new Set((input.StreamFilter ?? []).map((f) => f.StreamARN))
  const all = st
    .channels(ctx.account, ctx.region)
    .map(summarizeChannel)
    .filter((c) => c.ChannelName > after)
    .filter((c) => wanted.size === 0 || c.Streams.some((s) => wanted.has(s.StreamARN)))
  const limit = input.MaxResults ?? 100
  const page = all.slice(0, limit)
  return {
    ChannelSummaries: page,
    ...(all.length > limit
      ? {
          NextToken: encodeToken(st.secret, ctx.now(), {
            after: page[page.length - 1]!.ChannelName,
          }),
        }
      : {}),
  }
}
