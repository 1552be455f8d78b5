/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html */
import type { ListStreamsInput, ListStreamsOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { modeDetails, stateOf } from './streams.js'
import { decodeToken, encodeToken } from './tokens.js'

export const ListStreams: Handler<ListStreamsInput, ListStreamsOutput> = (input, ctx) => {
  const st = stateOf(ctx)
  const limit = input.Limit ?? 100
  const after = input.NextToken
    ? decodeToken<{ after: string }>(st.secret, ctx.now(), input.NextToken).after
    : (input.ExclusiveStartStreamName ?? '')
  const all = st.streamsOf(ctx.account, ctx.region).filter((s) => s.name > after)
  const page = all.slice(0, limit)
  const hasMore = all.length > limit
  return {
    StreamNames: page.map((s) => s.name),
    HasMoreStreams: hasMore,
    ...(hasMore
      ? { NextToken: encodeToken(st.secret, ctx.now(), { after: page[page.length - 1]!.name }) }
      : {}),
    StreamSummaries: page.map((s) => ({
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      StreamCreationTimestamp: new Date(s.createdMs),
    })),
  }
}
