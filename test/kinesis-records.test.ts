import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import { Decoder, Encoder } from 'cbor-x'
import { startServer } from '../src/server/start.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud, testConfig } from '../src/testing/cloud.js'
import { rawKinesisCall as rawCall } from '../src/testing/kinesis-raw.js'

const MAX = String((1n << 128n) - 1n)

describe('kinesis records: bad input and CBOR', () => {
  let cloud: Cloud
  let k: KinesisClient
  before(async () => {
    cloud = await startCloud()
    k = cloud.client(KinesisClient)
    await k.send(new CreateStreamCommand({ StreamName: 'bad', ShardCount: 2 }))
    await k.send(new CreateStreamCommand({ StreamName: 'other', ShardCount: 1 }))
  })
  after(async () => {
    k.destroy()
    await cloud.stop()
  })

  test('out-of-range explicit hash key', async () => {
    const tooBig = String(1n << 128n)
    await rejects(
      k.send(
        new PutRecordCommand({
          StreamName: 'bad',
          Data: Buffer.from('x'),
          PartitionKey: 'a',
          ExplicitHashKey: tooBig,
        }),
      ),
      'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${tooBig}`,
    )
    await rejects(
      k.send(
        new PutRecordsCommand({
          StreamName: 'bad',
          Records: [{ Data: Buffer.from('x'), PartitionKey: 'a', ExplicitHashKey: tooBig }],
        }),
      ),
      'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${tooBig}`,
    )
  })

  test('missing partition key, oversized records and requests', async () => {
    await rejects(
      k.send(new PutRecordCommand({ StreamName: 'bad', Data: Buffer.from('x') })),
      'ValidationException',
      "1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    )
    await rejects(
      k.send(
        new PutRecordCommand({
          StreamName: 'bad',
          Data: Buffer.alloc(1024 * 1024),
          PartitionKey: 'ab',
        }),
      ),
      'InvalidArgumentException',
      'Record size (data + partition key) of 1048578 bytes exceeds the maximum of 1048576 bytes.',
    )
    const big = Array.from({ length: 6 }, () => ({
      Data: Buffer.alloc(1000 * 1000),
      PartitionKey: 'k',
    }))
    await rejects(
      k.send(new PutRecordsCommand({ StreamName: 'bad', Records: big })),
      'InvalidArgumentException',
      'Records size of 6000006 bytes exceeds the 5 MiB (5242880 bytes) limit of PutRecords.',
    )
  })

  test('bad base64 is a SerializationException', async () => {
    const res = await rawCall(
      cloud,
      'PutRecord',
      JSON.stringify({ StreamName: 'bad', Data: '!!notbase64', PartitionKey: 'a' }),
      'application/x-amz-json-1.1',
    )
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.body.toString()).__type, 'SerializationException')
  })

  test('CBOR: PutRecord and GetRecords through the same handlers', async () => {
    const enc = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false })
    const dec = new Decoder({ useRecords: false, mapsAsObjects: true })
    const put = await rawCall(
      cloud,
      'PutRecord',
      enc.encode({ StreamName: 'other', Data: Buffer.from('cbor!'), PartitionKey: 'p' }),
      'application/x-amz-cbor-1.1',
    )
    assert.equal(put.status, 200)
    assert.equal(put.headers.get('content-type'), 'application/x-amz-cbor-1.1')
    const out = dec.decode(put.body) as { ShardId: string; SequenceNumber: string }
    assert.equal(out.ShardId, 'shardId-000000000000')
    const it = dec.decode(
      (
        await rawCall(
          cloud,
          'GetShardIterator',
          enc.encode({
            StreamName: 'other',
            ShardId: out.ShardId,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            StartingSequenceNumber: out.SequenceNumber,
          }),
          'application/x-amz-cbor-1.1',
        )
      ).body,
    ) as { ShardIterator: string }
    const got = await rawCall(
      cloud,
      'GetRecords',
      enc.encode({ ShardIterator: it.ShardIterator }),
      'application/x-amz-cbor-1.1',
    )
    const recs = dec.decode(got.body) as { Records: { Data: Uint8Array; SequenceNumber: string }[] }
    assert.equal(Buffer.from(recs.Records[0]!.Data).toString(), 'cbor!')
    assert.equal(recs.Records[0]!.SequenceNumber, out.SequenceNumber)
    // Errors come back in CBOR too.
    const missing = await rawCall(
      cloud,
      'DescribeStream',
      enc.encode({ StreamName: 'nope' }),
      'application/x-amz-cbor-1.1',
    )
    assert.equal(missing.status, 400)
    const e = dec.decode(missing.body) as { __type: string; message: string }
    assert.equal(e.__type, 'ResourceNotFoundException')
    assert.equal(e.message, 'Stream nope under account 000000000000 not found.')
  })

  test('iterators: tampered, other shard, other stream, unknown shard, type mismatch', async () => {
    const p = await k.send(
      new PutRecordCommand({
        StreamName: 'bad',
        Data: Buffer.from('x'),
        PartitionKey: 'a',
        ExplicitHashKey: MAX,
      }),
    )
    assert.equal(p.ShardId, 'shardId-000000000001')
    await rejects(
      k.send(
        new GetShardIteratorCommand({
          StreamName: 'bad',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          StartingSequenceNumber: p.SequenceNumber,
        }),
      ),
      'InvalidArgumentException',
      'Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000',
    )
    const otherSeq = (
      await k.send(
        new PutRecordCommand({ StreamName: 'other', Data: Buffer.from('y'), PartitionKey: 'a' }),
      )
    ).SequenceNumber!
    await rejects(
      k.send(
        new GetShardIteratorCommand({
          StreamName: 'bad',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          StartingSequenceNumber: otherSeq,
        }),
      ),
      'InvalidArgumentException',
      `StartingSequenceNumber ${otherSeq} used in GetShardIterator on shard shardId-000000000000 in stream bad under account 000000000000 is invalid because it did not come from this stream.`,
    )
    await rejects(
      k.send(
        new GetShardIteratorCommand({
          StreamName: 'bad',
          ShardId: 'shardId-000000000009',
          ShardIteratorType: 'LATEST',
        }),
      ),
      'ResourceNotFoundException',
      'Shard shardId-000000000009 in stream bad under account 000000000000 does not exist',
    )
    await rejects(
      k.send(
        new GetShardIteratorCommand({
          StreamName: 'bad',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'TRIM_HORIZON',
          StartingSequenceNumber: p.SequenceNumber,
        }),
      ),
      'InvalidArgumentException',
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified TRIM_HORIZON and also a StartingSequenceNumber.',
    )
    const it = (
      await k.send(
        new GetShardIteratorCommand({
          StreamName: 'bad',
          ShardId: 'shardId-000000000001',
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator!
    const flipped = `${it.slice(0, 10)}${it[10] === 'A' ? 'B' : 'A'}${it.slice(11)}`
    await rejects(
      k.send(new GetRecordsCommand({ ShardIterator: flipped })),
      'InvalidArgumentException',
      'Invalid ShardIterator.',
    )
    await rejects(
      k.send(
        new GetRecordsCommand({
          ShardIterator: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
      ),
      'InvalidArgumentException',
      'Invalid ShardIterator.',
    )
    // An iterator of one stream presented with another stream's ARN.
    await rejects(
      k.send(
        new GetRecordsCommand({
          ShardIterator: it,
          StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/other',
        }),
      ),
      'InvalidArgumentException',
      'Invalid ShardIterator.',
    )
    const ok = await k.send(new GetRecordsCommand({ ShardIterator: it }))
    assert.equal(ok.Records!.length, 1)
  })
})

test('iterators expire after 5 minutes (ExpiredIteratorException)', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'millrace-test-'))
  let skew = 0
  const server = await startServer(testConfig(dir), { now: () => Date.now() + skew })
  const k = new KinesisClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' },
    maxAttempts: 1,
  })
  try {
    await k.send(new CreateStreamCommand({ StreamName: 'exp', ShardCount: 1 }))
    const it = (
      await k.send(
        new GetShardIteratorCommand({
          StreamName: 'exp',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'LATEST',
        }),
      )
    ).ShardIterator!
    const issued = Date.now()
    skew = 300_500
    try {
      await k.send(new GetRecordsCommand({ ShardIterator: it }))
      assert.fail('expected ExpiredIteratorException')
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } }
      assert.equal(err.name, 'ExpiredIteratorException')
      assert.match(
        err.message,
        /^Iterator expired\. The iterator was created at time \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d UTC while right now it is \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d UTC which is further in the future than the tolerated delay of 300000 milliseconds\.$/,
      )
      assert.ok(err.message.includes(new Date(issued).toUTCString().slice(0, 16)))
      assert.equal(err.$metadata?.httpStatusCode, 400)
    }
  } finally {
    k.destroy()
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
})
