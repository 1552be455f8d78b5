/**
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html
 * Served as an HTTP/1.1 or HTTP/2 event stream (application/vnd.amazon.eventstream).
 */
import type {
  SubscribeToShardEventStream,
  SubscribeToShardInput,
  SubscribeToShardOutput,
} from '../../gen/kinesis.js'
import { AwsError } from '../../server/errors.js'
import type { Handler } from '../types.js'
import { findConsumer } from './consumers.js'
import { shardNotFound, streamNotFound } from './errors.js'
import { startOffset } from './positions.js'
import { shardIndexOf } from './sequence-numbers.js'
import { stateOf } from './streams.js'
import { activeSubscriptions, subscription } from './subscriptions.js'

export const SubscribeToShard: Handler<SubscribeToShardInput, SubscribeToShardOutput> = async (
  input,
  ctx,
) => {
  const { stream: s, consumer } = findConsumer(ctx, { ConsumerARN: input.ConsumerARN })
  if (consumer.status !== 'ACTIVE') {
    throw new AwsError(
      'ResourceInUseException',
      `Consumer ${consumer.arn} under account ${ctx.account} is not in ACTIVE state.`,
    )
  }
  if (s.status !== 'ACTIVE' && s.status !== 'UPDATING') throw streamNotFound(s.name, ctx.account)
  const ix = shardIndexOf(input.ShardId)
  const shard = s.shards.find((x) => x.index === ix)
  if (!shard) throw shardNotFound(input.ShardId, s.name, ctx.account)
  const key = `${consumer.arn}|${shard.index}`
  if (activeSubscriptions.has(key)) {
    throw new AwsError(
      'ResourceInUseException',
      `Another active subscription exists for consumer ${consumer.arn} on shard ${input.ShardId}.`,
    )
  }
  const log = await stateOf(ctx).log(s, shard.index)
  const from = await startOffset(ctx, s, shard, log, {
    type: input.StartingPosition.Type,
    sequence: input.StartingPosition.SequenceNumber,
    timestamp: input.StartingPosition.Timestamp,
  })
  const events = subscription(ctx.bus, ctx.now, s, shard, log, from, key)
  // The protocol streams an AsyncIterable of union values where the model has the union.
  return { EventStream: events as unknown as SubscribeToShardEventStream }
}
