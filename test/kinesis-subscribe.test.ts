/** SubscribeToShard as the SDK uses it: an HTTP/2 event stream of SubscribeToShardEvents. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CreateStreamCommand,
  KinesisClient,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis'
import { Decoder, Encoder } from 'cbor-x'
import { type Cloud, startCloud } from '../src/testing/cloud.js'
import {
  CBOR_CONTENT_TYPE,
  type EventMessage,
  rawKinesisFetch,
  readEventMessages,
} from '../src/testing/kinesis-raw.js'

const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/fanout'

describe('kinesis SubscribeToShard (SDK, HTTP/2 event stream)', () => {
  let cloud: Cloud
  let k: KinesisClient
  let consumerArn: string
  before(async () => {
    cloud = await startCloud()
    k = cloud.client(KinesisClient)
    await k.send(new CreateStreamCommand({ StreamName: 'fanout', ShardCount: 1 }))
    const reg = await k.send(
      new RegisterStreamConsumerCommand({ StreamARN: ARN, ConsumerName: 'efo' }),
    )
    consumerArn = reg.Consumer!.ConsumerARN!
  })
  after(async () => {
    k.destroy()
    await cloud.stop()
  })

  test('pushes stored and newly appended records in order', async () => {
    for (const d of ['a', 'b', 'c']) {
      await k.send(
        new PutRecordCommand({ StreamName: 'fanout', Data: Buffer.from(d), PartitionKey: 'p' }),
      )
    }
    const out = await k.send(
      new SubscribeToShardCommand({
        ConsumerARN: consumerArn,
        ShardId: 'shardId-000000000000',
        StartingPosition: { Type: 'TRIM_HORIZON' },
      }),
    )
    const seen: string[] = []
    let continuation = ''
    let isPutLater = false
    for await (const ev of out.EventStream!) {
      const e = ev.SubscribeToShardEvent
      if (!e) continue
      seen.push(...e.Records!.map((r) => Buffer.from(r.Data!).toString()))
      continuation = e.ContinuationSequenceNumber!
      if (seen.length >= 3 && !isPutLater) {
        isPutLater = true
        await k.send(
          new PutRecordCommand({ StreamName: 'fanout', Data: Buffer.from('d'), PartitionKey: 'p' }),
        )
      }
      if (seen.length >= 4) break
    }
    assert.deepEqual(seen, ['a', 'b', 'c', 'd'])
    assert.match(continuation, /^\d{56}$/)
  })

  test('CBOR (the Java SDK and KCL form): the events arrive CBOR-encoded', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'cbor-fan', ShardCount: 1 }))
    const reg = await k.send(
      new RegisterStreamConsumerCommand({
        StreamARN: `${ARN.slice(0, ARN.lastIndexOf('/'))}/cbor-fan`,
        ConsumerName: 'kcl',
      }),
    )
    for (const d of ['x', 'y']) {
      await k.send(
        new PutRecordCommand({ StreamName: 'cbor-fan', Data: Buffer.from(d), PartitionKey: 'p' }),
      )
    }
    const enc = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false })
    const dec = new Decoder({ useRecords: false, mapsAsObjects: true })
    const abort = new AbortController()
    const res = await rawKinesisFetch(
      cloud,
      'SubscribeToShard',
      enc.encode({
        ConsumerARN: reg.Consumer!.ConsumerARN,
        ShardId: 'shardId-000000000000',
        StartingPosition: { Type: 'TRIM_HORIZON' },
      }),
      CBOR_CONTENT_TYPE,
      abort.signal,
    )
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/vnd.amazon.eventstream')
    const events: EventMessage[] = []
    let buf: Buffer = Buffer.alloc(0)
    const reader = res.body!.getReader()
    while (!events.some((e) => e.headers[':event-type'] === 'SubscribeToShardEvent')) {
      const { value, done } = await reader.read()
      if (done) break
      const { messages, rest } = readEventMessages(Buffer.concat([buf, value]))
      events.push(...messages)
      buf = rest
    }
    abort.abort()
    assert.equal(events[0]!.headers[':event-type'], 'initial-response')
    const event = events.find((e) => e.headers[':event-type'] === 'SubscribeToShardEvent')!
    assert.equal(event.headers[':content-type'], CBOR_CONTENT_TYPE)
    const body = dec.decode(event.payload) as {
      Records: { Data: Uint8Array; PartitionKey: string; ApproximateArrivalTimestamp: unknown }[]
      ContinuationSequenceNumber: string
    }
    assert.deepEqual(
      body.Records.map((r) => Buffer.from(r.Data).toString()),
      ['x', 'y'],
    )
    assert.ok(body.Records[0]!.ApproximateArrivalTimestamp instanceof Date, 'CBOR tag 1 timestamp')
    assert.match(body.ContinuationSequenceNumber, /^\d{56}$/)
  })

  test('a closed shard read to its end sends ChildShards and ends the stream', async () => {
    await k.send(
      new SplitShardCommand({
        StreamName: 'fanout',
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: String(1n << 127n),
      }),
    )
    // A second consumer: AWS refuses a new subscription of the same consumer and shard for a while.
    const other = await k.send(
      new RegisterStreamConsumerCommand({ StreamARN: ARN, ConsumerName: 'efo2' }),
    )
    const out = await k.send(
      new SubscribeToShardCommand({
        ConsumerARN: other.Consumer!.ConsumerARN,
        ShardId: 'shardId-000000000000',
        StartingPosition: { Type: 'TRIM_HORIZON' },
      }),
    )
    let records = 0
    let children: string[] = []
    for await (const ev of out.EventStream!) {
      records += ev.SubscribeToShardEvent?.Records?.length ?? 0
      children = ev.SubscribeToShardEvent?.ChildShards?.map((c) => c.ShardId!) ?? children
    }
    assert.equal(records, 4)
    assert.deepEqual(children, ['shardId-000000000001', 'shardId-000000000002'])
  })

  test('an unknown consumer is a ResourceNotFoundException', async () => {
    await assert.rejects(
      k.send(
        new SubscribeToShardCommand({
          ConsumerARN: `${ARN}/consumer/nobody:1`,
          ShardId: 'shardId-000000000000',
          StartingPosition: { Type: 'LATEST' },
        }),
      ),
      {
        name: 'ResourceNotFoundException',
        message: `Consumer ${ARN}/consumer/nobody:1 under account 000000000000 not found.`,
      },
    )
  })
})
