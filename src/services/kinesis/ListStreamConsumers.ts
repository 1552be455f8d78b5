/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html */
import type { ListStreamConsumersInput, ListStreamConsumersOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { findStream, stateOf } from './streams.js'
import { decodeToken, encodeToken } from './tokens.js'

export const ListStreamConsumers: Handler<ListStreamConsumersInput, ListStreamConsumersOutput> = (
  input,
  ctx,
) => {
  const st = stateOf(ctx)
  const s = findStream(ctx, { StreamARN: input.StreamARN })
  const after = input.NextToken
    ? decodeToken<{ after: string }>(st.secret, ctx.now(), input.NextToken).after
    : ''
  const limit = input.MaxResults ?? 100
  const all = [...s.consumers]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter((c) => c.name > after)
  const page = all.slice(0, limit)
  return {
    Consumers: page.map((c) => ({
      ConsumerName: c.name,
      ConsumerARN: c.arn,
      ConsumerStatus: c.status,
      ConsumerCreationTimestamp: new Date(c.createdMs),
    })),
    ...(all.length > limit
      ? { NextToken: encodeToken(st.secret, ctx.now(), { after: page[page.length - 1]!.name }) }
      : {}),
  }
}
