/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html */
import type { GetRecordsInput, GetRecordsOutput, Record_ } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import {
  expiredIterator,
  invalidIterator,
  shardNotFound,
  streamNotFound,
  throughputExceeded,
} from './errors.js'
import { decodeIterator, encodeIterator, ITERATOR_TTL_MS } from './iterators.js'
import { sequenceAt, sequencePrefix, shardIdOf } from './sequence-numbers.js'
import { stateOf } from './streams.js'
import { admitRead, countReadBytes } from './throttle.js'

const MAX_BYTES = 10 * 1024 * 1024

export const GetRecords: Handler<GetRecordsInput, GetRecordsOutput> = async (input, ctx) => {
  const st = stateOf(ctx)
  const it = decodeIterator(st.secret, input.ShardIterator)
  const now = ctx.now()
  if (!it || it.issuedAt > now + 1000) throw invalidIterator()
  if (now - it.issuedAt > ITERATOR_TTL_MS) throw expiredIterator(it.issuedAt, now)
  if (input.StreamARN && input.StreamARN !== it.streamArn) throw invalidIterator()
  const s = st.findStreamByArn(it.streamArn)
  const name = it.streamArn.slice(it.streamArn.lastIndexOf('/') + 1)
  if (!s || s.createdMs !== it.streamCreatedMs || s.status === 'DELETING') {
    throw streamNotFound(name, ctx.account)
  }
  const shard = s.shards.find((x) => x.index === it.shardIndex)
  const shardId = shardIdOf(it.shardIndex)
  if (!shard) throw shardNotFound(shardId, s.name, ctx.account)
  const meterKey = `${s.id}/${shard.index}`
  if (ctx.config.kinesisThrottle && !admitRead(meterKey, now)) {
    throw throughputExceeded(shardId, s.name, ctx.account)
  }
  const log = await st.log(s, shard.index)
  const minArrival = now - s.retentionHours * 3600_000
  const r = await log.read(it.offset, input.Limit ?? 10000, MAX_BYTES, minArrival)
  if (ctx.config.kinesisThrottle) countReadBytes(meterKey, r.bytes, now)
  const prefix = sequencePrefix(shard.index, s.createdMs)
  const records: Record_[] = r.records.map((x) => ({
    SequenceNumber: sequenceAt(prefix, x.offset),
    ApproximateArrivalTimestamp: new Date(x.arrival),
    Data: x.data,
    ...(x.partitionKey ? { PartitionKey: x.partitionKey } : {}),
    ...(s.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}),
  }))
  const isClosedEnd = shard.endOffset !== undefined && r.next >= shard.endOffset
  const isCaughtUp = r.next >= log.durableOffset
  const last = r.records[r.records.length - 1]
  const out: GetRecordsOutput = {
    Records: records,
    MillisBehindLatest: isCaughtUp ? 0 : Math.max(0, now - (last?.arrival ?? now)),
  }
  if (isClosedEnd) {
    out.ChildShards = s.shards
      .filter((x) => x.parent === shard.index || x.adjacentParent === shard.index)
      .map((x) => ({
        ShardId: shardIdOf(x.index),
        ParentShards: [x.parent, x.adjacentParent].filter((p) => p !== undefined).map(shardIdOf),
        HashKeyRange: { StartingHashKey: String(x.start), EndingHashKey: String(x.end) },
      }))
  } else {
    out.NextShardIterator = encodeIterator(st.secret, { ...it, issuedAt: now, offset: r.next })
  }
  return out
}
