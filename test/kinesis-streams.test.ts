import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

describe('kinesis streams and records (SDK, JSON)', () => {
  let cloud: Cloud
  let k: KinesisClient
  before(async () => {
    cloud = await startCloud()
    k = cloud.client(KinesisClient)
  })
  after(async () => {
    k.destroy()
    await cloud.stop()
  })

  test('create, describe, list, limits', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 's1', ShardCount: 3 }))
    const d = await k.send(new DescribeStreamCommand({ StreamName: 's1' }))
    const desc = d.StreamDescription!
    assert.equal(desc.StreamStatus, 'ACTIVE')
    assert.equal(desc.StreamARN, 'arn:aws:kinesis:us-east-1:000000000000:stream/s1')
    assert.equal(desc.Shards!.length, 3)
    assert.equal(desc.Shards![0]!.ShardId, 'shardId-000000000000')
    assert.equal(desc.Shards![0]!.HashKeyRange!.StartingHashKey, '0')
    assert.equal(desc.Shards![2]!.HashKeyRange!.EndingHashKey, String((1n << 128n) - 1n))
    assert.match(desc.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber!, /^\d{56}$/)
    assert.equal(desc.RetentionPeriodHours, 24)
    const sum = await k.send(new DescribeStreamSummaryCommand({ StreamARN: desc.StreamARN }))
    assert.equal(sum.StreamDescriptionSummary!.OpenShardCount, 3)
    assert.equal(sum.StreamDescriptionSummary!.StreamModeDetails!.StreamMode, 'PROVISIONED')
    await rejects(
      k.send(new CreateStreamCommand({ StreamName: 's1', ShardCount: 1 })),
      'ResourceInUseException',
      'Stream s1 under account 000000000000 already exists.',
    )
    await k.send(
      new CreateStreamCommand({ StreamName: 's2', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
    )
    const l = await k.send(new ListStreamsCommand({ Limit: 1 }))
    assert.deepEqual(l.StreamNames, ['s1'])
    assert.equal(l.HasMoreStreams, true)
    const l2 = await k.send(new ListStreamsCommand({ NextToken: l.NextToken }))
    assert.deepEqual(l2.StreamNames, ['s2'])
    assert.equal(l2.StreamSummaries![0]!.StreamModeDetails!.StreamMode, 'ON_DEMAND')
    const shards = await k.send(new ListShardsCommand({ StreamName: 's2', MaxResults: 3 }))
    assert.equal(shards.Shards!.length, 3)
    const rest = await k.send(new ListShardsCommand({ NextToken: shards.NextToken }))
    assert.equal(rest.Shards!.length, 1)
    assert.equal(rest.NextToken, undefined)
    const lim = await k.send(new DescribeLimitsCommand({}))
    assert.equal(lim.ShardLimit, 20000)
    assert.equal(lim.OpenShardCount, 7)
    assert.equal(lim.OnDemandStreamCount, 1)
    assert.equal(lim.OnDemandStreamCountLimit, 50)
  })

  test('missing streams answer in AWS wording', async () => {
    await rejects(
      k.send(new DescribeStreamCommand({ StreamName: 'nope' })),
      'ResourceNotFoundException',
      'Stream nope under account 000000000000 not found.',
    )
    await rejects(
      k.send(
        new PutRecordCommand({ StreamName: 'nope', Data: Buffer.from('x'), PartitionKey: 'a' }),
      ),
      'ResourceNotFoundException',
      'Stream nope under account 000000000000 not found.',
    )
    await rejects(
      k.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 1 })),
      'ValidationException',
      "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.-]+$",
    )
  })

  test('put and read back in order with sequence numbers and iterators', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'rw', ShardCount: 2 }))
    const one = await k.send(
      new PutRecordCommand({ StreamName: 'rw', Data: Buffer.from('hello'), PartitionKey: 'pk' }),
    )
    assert.match(one.SequenceNumber!, /^\d{56}$/)
    const many = await k.send(
      new PutRecordsCommand({
        StreamName: 'rw',
        Records: Array.from({ length: 100 }, (_, i) => ({
          Data: Buffer.from(`r${i}`),
          PartitionKey: `key-${i}`,
        })),
      }),
    )
    assert.equal(many.FailedRecordCount, 0)
    assert.equal(many.Records!.length, 100)
    const byShard = new Map<string, string[]>()
    for (const [i, r] of many.Records!.entries()) {
      byShard.set(r.ShardId!, [...(byShard.get(r.ShardId!) ?? []), `r${i}`])
    }
    assert.equal(byShard.size, 2)
    // Explicit hash key routes to the shard owning it.
    const top = await k.send(
      new PutRecordCommand({
        StreamName: 'rw',
        Data: Buffer.from('top'),
        PartitionKey: 'x',
        ExplicitHashKey: String((1n << 128n) - 1n),
      }),
    )
    assert.equal(top.ShardId, 'shardId-000000000001')
    const seen: string[] = []
    for (const shardId of ['shardId-000000000000', 'shardId-000000000001']) {
      const it = await k.send(
        new GetShardIteratorCommand({
          StreamName: 'rw',
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      const r = await k.send(
        new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 10000 }),
      )
      const data = r.Records!.map((x) => Buffer.from(x.Data!).toString())
      seen.push(...data)
      assert.equal(r.MillisBehindLatest, 0)
      assert.ok(r.NextShardIterator)
      const expected = (byShard.get(shardId) ?? []).filter((d) => data.includes(d))
      assert.deepEqual(
        data.filter((d) => /^r\d+$/.test(d)),
        expected,
      )
      for (let i = 1; i < r.Records!.length; i++) {
        assert.ok(
          BigInt(r.Records![i]!.SequenceNumber!) > BigInt(r.Records![i - 1]!.SequenceNumber!),
        )
      }
      assert.ok(r.Records![0]!.ApproximateArrivalTimestamp instanceof Date)
    }
    assert.equal(seen.length, 102)
    // AT/AFTER_SEQUENCE_NUMBER start at and after a record.
    const at = await k.send(
      new GetShardIteratorCommand({
        StreamName: 'rw',
        ShardId: one.ShardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: one.SequenceNumber,
      }),
    )
    const atR = await k.send(new GetRecordsCommand({ ShardIterator: at.ShardIterator, Limit: 1 }))
    assert.equal(Buffer.from(atR.Records![0]!.Data!).toString(), 'hello')
    assert.ok(atR.MillisBehindLatest! >= 0)
    const aft = await k.send(
      new GetShardIteratorCommand({
        StreamName: 'rw',
        ShardId: one.ShardId,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: one.SequenceNumber,
      }),
    )
    const aftR = await k.send(new GetRecordsCommand({ ShardIterator: aft.ShardIterator, Limit: 1 }))
    assert.notEqual(Buffer.from(aftR.Records![0]!.Data!).toString(), 'hello')
    // LATEST sees only what comes after it.
    const latest = await k.send(
      new GetShardIteratorCommand({
        StreamName: 'rw',
        ShardId: top.ShardId,
        ShardIteratorType: 'LATEST',
      }),
    )
    const empty = await k.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))
    assert.equal(empty.Records!.length, 0)
    await k.send(
      new PutRecordCommand({
        StreamName: 'rw',
        Data: Buffer.from('after-latest'),
        PartitionKey: 'x',
        ExplicitHashKey: String((1n << 128n) - 1n),
      }),
    )
    const got = await k.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }))
    assert.deepEqual(
      got.Records!.map((x) => Buffer.from(x.Data!).toString()),
      ['after-latest'],
    )
    // AT_TIMESTAMP from the epoch reads everything.
    const ts = await k.send(
      new GetShardIteratorCommand({
        StreamName: 'rw',
        ShardId: top.ShardId,
        ShardIteratorType: 'AT_TIMESTAMP',
        Timestamp: new Date(0),
      }),
    )
    const tsR = await k.send(new GetRecordsCommand({ ShardIterator: ts.ShardIterator }))
    assert.equal(
      tsR.Records!.length,
      byShard.get(top.ShardId!)!.length + 2 + (one.ShardId === top.ShardId ? 1 : 0),
    )
  })

  test('delete removes the stream', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'gone', ShardCount: 1 }))
    await k.send(new DeleteStreamCommand({ StreamName: 'gone' }))
    await rejects(
      k.send(new DescribeStreamCommand({ StreamName: 'gone' })),
      'ResourceNotFoundException',
      'Stream gone under account 000000000000 not found.',
    )
  })
})

describe('kinesis lifecycle delays', () => {
  test('CREATING is observable and the stream is not writable until ACTIVE', async () => {
    const cloud = await startCloud(['--kinesis-create-delay-ms', '300'])
    const k = cloud.client(KinesisClient)
    try {
      await k.send(new CreateStreamCommand({ StreamName: 'slow', ShardCount: 1 }))
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: 'slow' }))
      assert.equal(d.StreamDescriptionSummary!.StreamStatus, 'CREATING')
      await rejects(
        k.send(
          new PutRecordCommand({ StreamName: 'slow', Data: Buffer.from('x'), PartitionKey: 'a' }),
        ),
        'ResourceNotFoundException',
        'Stream slow under account 000000000000 not found.',
      )
      for (;;) {
        const s = await k.send(new DescribeStreamSummaryCommand({ StreamName: 'slow' }))
        if (s.StreamDescriptionSummary!.StreamStatus === 'ACTIVE') break
        await new Promise((r) => setTimeout(r, 50))
      }
      await k.send(
        new PutRecordCommand({ StreamName: 'slow', Data: Buffer.from('x'), PartitionKey: 'a' }),
      )
    } finally {
      k.destroy()
      await cloud.stop()
    }
  })

  test('UPDATING and DELETING are observable; changes wait for ACTIVE', async () => {
    const cloud = await startCloud([
      ...['--kinesis-update-delay-ms', '300', '--kinesis-delete-delay-ms', '300'],
    ])
    const k = cloud.client(KinesisClient)
    const statusOf = async () =>
      (await k.send(new DescribeStreamSummaryCommand({ StreamName: 'upd' })))
        .StreamDescriptionSummary!.StreamStatus
    try {
      await k.send(new CreateStreamCommand({ StreamName: 'upd', ShardCount: 1 }))
      const split = new SplitShardCommand({
        StreamName: 'upd',
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: String(1n << 127n),
      })
      await k.send(split)
      assert.equal(await statusOf(), 'UPDATING')
      await rejects(
        k.send(split),
        'ResourceInUseException',
        'Stream upd under account 000000000000 not ACTIVE, instead in state UPDATING',
      )
      // Records are still accepted while UPDATING, as on AWS.
      await k.send(
        new PutRecordCommand({ StreamName: 'upd', Data: Buffer.from('x'), PartitionKey: 'a' }),
      )
      for (let i = 0; i < 200 && (await statusOf()) !== 'ACTIVE'; i++) {
        await new Promise((r) => setTimeout(r, 50))
      }
      assert.equal(await statusOf(), 'ACTIVE')
      assert.equal((await k.send(new ListShardsCommand({ StreamName: 'upd' }))).Shards!.length, 3)
      await k.send(new DeleteStreamCommand({ StreamName: 'upd' }))
      assert.equal(await statusOf(), 'DELETING')
      let isGone = false
      for (let i = 0; i < 200 && !isGone; i++) {
        isGone = await statusOf().then(
          () => false,
          (e: Error) => e.name === 'ResourceNotFoundException',
        )
        if (!isGone) await new Promise((r) => setTimeout(r, 50))
      }
      assert.ok(isGone)
    } finally {
      k.destroy()
      await cloud.stop()
    }
  })
})
