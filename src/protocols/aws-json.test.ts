import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  KinesisClient,
  PutRecordsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis'
import { type HttpRequest, HttpResponse } from '@smithy/protocol-http'
import { model as kinesis } from '../gen/kinesis.js'
import { AwsError } from '../server/errors.js'
import { awsJson11 } from './aws-json.js'
import type { OperationModel } from './model.js'
import type { EncodeContext, Protocol, WireRequest } from './protocol.js'

const ctx: EncodeContext = { requestId: 'req-1', service: kinesis }
const opOf = (name: string) => kinesis.operations[name] as OperationModel

const wire = (
  target: string,
  body: string | Buffer,
  contentType = 'application/x-amz-json-1.1',
): WireRequest => ({
  method: 'POST',
  path: '/',
  rawQuery: '',
  headers: { 'x-amz-target': target, 'content-type': contentType },
  host: 'localhost',
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
})

const parse = async (op: string, body: string) =>
  awsJson11.parse(wire(`Kinesis_20131202.${op}`, body), opOf(op), kinesis)

const rejects = async (op: string, body: string, message: string) => {
  await assert.rejects(parse(op, body), (e: unknown) => {
    assert.ok(e instanceof AwsError)
    assert.equal(e.code, 'SerializationException')
    assert.equal(e.status, 400)
    assert.equal(e.message, message)
    return true
  })
}

test('resolveOperation reads X-Amz-Target; unknown targets are UnknownOperationException', () => {
  assert.equal(
    awsJson11.resolveOperation(wire('Kinesis_20131202.PutRecord', '{}'), kinesis)?.name,
    'PutRecord',
  )
  assert.equal(awsJson11.resolveOperation(wire('Kinesis_20131202.Nope', '{}'), kinesis), undefined)
  assert.equal(awsJson11.resolveOperation(wire('Other.PutRecord', '{}'), kinesis), undefined)
  assert.equal(
    awsJson11.resolveOperation(wire('Kinesis_20131202.toString', '{}'), kinesis),
    undefined,
  )
  const err = awsJson11.unknownOperation(wire('x', ''), kinesis)
  assert.equal(err.code, 'UnknownOperationException')
  const res = awsJson11.serializeError(err, ctx)
  assert.equal(res.body, '{"__type":"UnknownOperationException"}')
})

test('parse: empty body refused, unknown members and nulls dropped, blobs and timestamps decoded', async () => {
  await assert.rejects(parse('ListStreams', ''), { name: 'SerializationException' })
  assert.deepEqual(await parse('ListStreams', '{}'), {})
  assert.deepEqual(
    await parse('PutRecord', '{"StreamName":"s","Data":"aGk=","Foo":1,"PartitionKey":null}'),
    {
      StreamName: 's',
      Data: Buffer.from('hi'),
    },
  )
  const it = await parse(
    'GetShardIterator',
    '{"ShardId":"a","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1700000000.5}',
  )
  assert.deepEqual(it.Timestamp, new Date(1700000000500))
})

test('parse: malformed JSON and non-object bodies are SerializationException without message', async () => {
  await rejects('ListStreams', '{', '')
  await rejects('ListStreams', '"x"', '')
  await rejects('ListStreams', 'null', '')
  await rejects('ListStreams', '[]', 'Start of list found where not expected')
  const res = awsJson11.serializeError(new AwsError('SerializationException', ''), ctx)
  assert.equal(res.body, '{"__type":"SerializationException"}')
})

test('parse: type errors with Coral wording', async () => {
  await rejects('ListStreams', '{"Limit":"1"}', 'STRING_VALUE can not be converted to an Integer')
  await rejects('ListStreams', '{"Limit":true}', 'TRUE_VALUE can not be converted to an Integer')
  await rejects('ListStreams', '{"Limit":[1]}', 'Start of list found where not expected')
  await rejects(
    'ListStreams',
    '{"Limit":{}}',
    'Start of structure or map found where not expected.',
  )
  await rejects(
    'ListStreams',
    '{"ExclusiveStartStreamName":1}',
    'NUMBER_VALUE can not be converted to a String',
  )
  await rejects(
    'ListStreams',
    '{"ExclusiveStartStreamName":false}',
    'FALSE_VALUE can not be converted to a String',
  )
  await rejects('PutRecords', '{"Records":"x"}', 'Expected list or null')
  await rejects(
    'PutRecords',
    '{"Records":{}}',
    'Start of structure or map found where not expected.',
  )
  await rejects('PutRecords', '{"Records":[1]}', 'Expected null')
  await rejects('PutRecords', '{"Records":[[]]}', 'Start of list found where not expected')
  await rejects('AddTagsToStream', '{"Tags":"x"}', 'Expected map or null')
  await rejects(
    'GetShardIterator',
    '{"Timestamp":"2020"}',
    'STRING_VALUE can not be converted to milliseconds since epoch',
  )
  await rejects(
    'DeleteStream',
    '{"EnforceConsumerDeletion":1}',
    'NUMBER_VALUE can not be converted to an Boolean',
  )
  assert.deepEqual(await parse('DeleteStream', '{"EnforceConsumerDeletion":"yes"}'), {
    EnforceConsumerDeletion: true,
  })
  assert.deepEqual(await parse('ListStreams', '{"Limit":2.9}'), { Limit: 2 })
})

test('parse: base64 blobs are checked as AWS does', async () => {
  await rejects('PutRecord', '{"Data":1}', 'NUMBER_VALUE can not be converted to a Blob')
  await rejects(
    'PutRecord',
    '{"Data":"abc"}',
    "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
  )
  await rejects(
    'PutRecord',
    '{"Data":"ab.c"}',
    "'ab.c' can not be converted to a Blob: Invalid Base64 character: '.'",
  )
  await rejects(
    'PutRecord',
    '{"Data":"a=bc"}',
    "'a=bc' can not be converted to a Blob: Invalid Base64 character: '='",
  )
  await rejects(
    'PutRecord',
    '{"Data":"AB=="}',
    "'AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected",
  )
})

test('serialize: only modeled, set members; blobs base64; timestamps epoch seconds; headers', () => {
  const res = awsJson11.serialize(
    {
      Records: [
        {
          SequenceNumber: '1',
          Data: Buffer.from('hi'),
          PartitionKey: 'k',
          ApproximateArrivalTimestamp: new Date(1500),
        },
      ],
      NextShardIterator: undefined,
      MillisBehindLatest: 0,
      internal: 'leak',
    },
    opOf('GetRecords'),
    ctx,
  )
  assert.equal(res.status, 200)
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1')
  assert.equal(res.headers['x-amzn-requestid'], 'req-1')
  assert.equal(
    res.body,
    '{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":1.5,"Data":"aGk=","PartitionKey":"k"}],"MillisBehindLatest":0}',
  )
  assert.equal(awsJson11.serialize({}, opOf('AddTagsToStream'), ctx).body, '')
})

test('serializeError: __type, message, fields, x-amzn-ErrorType, status', () => {
  const res = awsJson11.serializeError(
    new AwsError('LimitExceededException', 'slow down', 400, { extra: 1 }, { 'retry-after': '1' }),
    ctx,
  )
  assert.equal(res.status, 400)
  assert.equal(res.headers['x-amzn-errortype'], 'LimitExceededException')
  assert.equal(res.headers['retry-after'], '1')
  assert.equal(res.body, '{"__type":"LimitExceededException","message":"slow down","extra":1}')
})

/** A KinesisClient whose requests go through `protocol` and the given handler instead of the network. */
const sdkClient = (
  protocol: Protocol,
  handler: (op: OperationModel, input: Record<string, unknown>) => Record<string, unknown>,
) =>
  new KinesisClient({
    region: 'us-east-1',
    endpoint: 'http://localhost:1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v
        const raw: unknown = request.body
        // The SDK's body is a Uint8Array that warns when used as a string: take its bytes.
        const body =
          raw instanceof Uint8Array
            ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
            : Buffer.from(typeof raw === 'string' ? raw : '')
        const req: WireRequest = {
          method: request.method,
          path: request.path,
          rawQuery: '',
          headers,
          host: request.hostname,
          body,
        }
        const op = protocol.resolveOperation(req, kinesis)
        let res: ReturnType<Protocol['serialize']>
        try {
          if (!op) throw protocol.unknownOperation(req, kinesis)
          const input = await protocol.parse(req, op, kinesis)
          res = protocol.serialize(handler(op, input), op, ctx)
        } catch (e) {
          if (!(e instanceof AwsError)) throw e
          res = protocol.serializeError(e, ctx, op)
        }
        const buf = Buffer.isBuffer(res.body)
          ? res.body
          : Buffer.from((res.body as string | undefined) ?? '')
        return {
          response: new HttpResponse({
            statusCode: res.status,
            headers: res.headers,
            body: Readable.from([buf]),
          }),
        }
      },
    },
  })

test('SDK round trip: PutRecords blobs reach the handler as Buffers', async () => {
  let seen: Record<string, unknown> = {}
  const client = sdkClient(awsJson11, (op, input) => {
    assert.equal(op.name, 'PutRecords')
    seen = input
    return {
      FailedRecordCount: 0,
      Records: [{ SequenceNumber: '1', ShardId: 'shardId-000000000000' }],
    }
  })
  const out = await client.send(
    new PutRecordsCommand({
      StreamName: 's',
      Records: [{ Data: new Uint8Array([0, 1, 255]), PartitionKey: 'p' }],
    }),
  )
  assert.deepEqual(seen, {
    StreamName: 's',
    Records: [{ Data: Buffer.from([0, 1, 255]), PartitionKey: 'p' }],
  })
  assert.equal(out.FailedRecordCount, 0)
  assert.equal(out.Records?.[0]?.ShardId, 'shardId-000000000000')
})

test('SDK round trip: GetRecords output with Date timestamps and blobs', async () => {
  const when = new Date('2024-05-01T12:34:56.789Z')
  const client = sdkClient(awsJson11, () => ({
    Records: [
      {
        SequenceNumber: '42',
        ApproximateArrivalTimestamp: when,
        Data: Buffer.from('hello'),
        PartitionKey: 'k',
      },
    ],
    NextShardIterator: 'next',
    MillisBehindLatest: 0,
  }))
  const out = await client.send(new GetRecordsCommand({ ShardIterator: 'it' }))
  const record = out.Records?.[0]
  assert.deepEqual(record?.ApproximateArrivalTimestamp, when)
  assert.equal(Buffer.from(record?.Data ?? []).toString(), 'hello')
  assert.equal(out.NextShardIterator, 'next')
})

test('SDK round trip: DescribeStream output', async () => {
  const created = new Date(1700000000000)
  const client = sdkClient(awsJson11, () => ({
    StreamDescription: {
      StreamName: 's',
      StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      Shards: [
        {
          ShardId: 'shardId-000000000000',
          HashKeyRange: {
            StartingHashKey: '0',
            EndingHashKey: '340282366920938463463374607431768211455',
          },
          SequenceNumberRange: { StartingSequenceNumber: '1' },
        },
      ],
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: created,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
    },
  }))
  const out = await client.send(new DescribeStreamCommand({ StreamName: 's' }))
  assert.equal(out.StreamDescription?.StreamStatus, 'ACTIVE')
  assert.deepEqual(out.StreamDescription?.StreamCreationTimestamp, created)
  assert.equal(
    out.StreamDescription?.Shards?.[0]?.HashKeyRange?.EndingHashKey,
    '340282366920938463463374607431768211455',
  )
  assert.equal(out.StreamDescription?.HasMoreShards, false)
})

test('SDK round trip: errors become the modeled exception class', async () => {
  const client = sdkClient(awsJson11, () => {
    throw new AwsError(
      'ResourceNotFoundException',
      'Stream s under account 000000000000 not found.',
    )
  })
  await assert.rejects(
    client.send(new DescribeStreamCommand({ StreamName: 's' })),
    (e: unknown) => {
      assert.ok(e instanceof ResourceNotFoundException)
      assert.equal(e.name, 'ResourceNotFoundException')
      assert.equal(e.message, 'Stream s under account 000000000000 not found.')
      assert.equal(e.$metadata.httpStatusCode, 400)
      return true
    },
  )
})

test('parse: base64 — the fast path accepts exactly what the full check accepts', async () => {
  // The full check as Coral words it: alphabet, padding only at the end, canonical last bits.
  const isValid = (s: string): boolean =>
    s.length % 4 === 0 &&
    !/[^a-zA-Z0-9+/=]|=[^=]/.test(s) &&
    Buffer.from(s, 'base64').toString('base64') === s
  const noise = ['-', '_', ' ', '=', '.', '\n', 'é', 'A', '/', '+']
  let seed = 7
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  let valid = 0
  for (let i = 0; i < 3000; i++) {
    let s = Buffer.from(Array.from({ length: rand(9) }, () => rand(256))).toString('base64')
    if (i % 2 === 1 && s.length > 0) {
      const at = rand(s.length)
      s = s.slice(0, at) + noise[rand(noise.length)] + s.slice(at + 1)
    }
    const body = JSON.stringify({ Data: s })
    if (isValid(s)) {
      valid++
      const input = (await parse('PutRecord', body)) as { Data: Buffer }
      assert.deepEqual(input.Data, Buffer.from(s, 'base64'), s)
    } else {
      await assert.rejects(parse('PutRecord', body), /can not be converted to a Blob/, s)
    }
  }
  assert.ok(valid > 1500 && valid < 3000, `both cases exercised (${valid} valid)`)
})
