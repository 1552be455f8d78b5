/**
 * SubscribeToShard pushes: records are read from the shard log as they are appended (woken by
 * `kinesis:RecordsAppended`), an event at least every 5 seconds even when idle, for at most
 * 5 minutes, and a last event with ChildShards when a closed shard is read to its end.
 */
import type { SubscribeToShardEvent } from '../../gen/kinesis.js'
import type { EventBus } from '../../server/event-bus.js'
import type { ShardLog } from '../../storage/stream-log.js'
import { formatSequence, shardIdOf } from './sequence-numbers.js'
import type { ShardRow, StreamRow } from './store.js'

export const SUBSCRIPTION_MS = 300_000
const HEARTBEAT_MS = 5_000
const EVENT_MAX_BYTES = 2 * 1024 * 1024

/** Consumer ARN + shard of the subscriptions in progress (one at a time each, as on AWS). */
export const activeSubscriptions = new Set<string>()

const waitForAppend = (bus: EventBus, arn: string, shardId: string, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      off()
      resolve()
    }
    const timer = setTimeout(done, ms)
    const off = bus.subscribe('kinesis:RecordsAppended', (e) => {
      if (e.streamArn === arn && e.shardId === shardId) done()
    })
  })

export async function* subscription(
  bus: EventBus,
  now: () => number,
  s: StreamRow,
  shard: ShardRow,
  log: ShardLog,
  from: number,
  key: string,
): AsyncGenerator<{ SubscribeToShardEvent: SubscribeToShardEvent }> {
  const shardId = shardIdOf(shard.index)
  const end = Date.now() + SUBSCRIPTION_MS
  let offset = from
  let lastEvent = 0
  activeSubscriptions.add(key)
  try {
    while (Date.now() < end) {
      const r = await log.read(offset, 10000, EVENT_MAX_BYTES, now() - s.retentionHours * 3600_000)
      offset = r.next
      const isEnd = shard.endOffset !== undefined && offset >= shard.endOffset
      if (r.records.length > 0 || isEnd || Date.now() - lastEvent >= HEARTBEAT_MS) {
        lastEvent = Date.now()
        const last = r.records[r.records.length - 1]
        yield {
          SubscribeToShardEvent: {
            Records: r.records.map((x) => ({
              SequenceNumber: formatSequence(shard.index, s.createdMs, x.offset),
              ApproximateArrivalTimestamp: new Date(x.arrival),
              Data: x.data,
              PartitionKey: x.partitionKey,
              ...(s.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}),
            })),
            ContinuationSequenceNumber: formatSequence(
              shard.index,
              s.createdMs,
              Math.max(0, offset - 1),
            ),
            MillisBehindLatest:
              offset >= log.durableOffset ? 0 : Math.max(0, now() - (last?.arrival ?? now())),
            ...(isEnd
              ? {
                  ChildShards: s.shards
                    .filter((x) => x.parent === shard.index || x.adjacentParent === shard.index)
                    .map((x) => ({
                      ShardId: shardIdOf(x.index),
                      ParentShards: [x.parent, x.adjacentParent]
                        .filter((p) => p !== undefined)
                        .map(shardIdOf),
                      HashKeyRange: {
                        StartingHashKey: String(x.start),
                        EndingHashKey: String(x.end),
                      },
                    })),
                }
              : {}),
          },
        }
      }
      if (isEnd) return
      if (r.records.length === 0) await waitForAppend(bus, s.arn, shardId, 1000)
    }
  } finally {
    activeSubscriptions.delete(key)
  }
}
