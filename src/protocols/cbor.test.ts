import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Decoder, Encoder, Tag } from 'cbor-x'
import { model as kinesis } from '../gen/kinesis.js'
import { AwsError } from '../server/errors.js'
import { cborProtocol } from './cbor.js'
import { isCborContentType } from './content-types.js'
import type { OperationModel } from './model.js'
import type { EncodeContext, WireRequest } from './protocol.js'

const ctx: EncodeContext = { requestId: 'req-1', service: kinesis }
const opOf = (name: string) => kinesis.operations[name] as OperationModel
// What the Java SDK sends: untagged byte strings, tag 1 + epoch milliseconds.
const javaLike = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false })
const plain = new Decoder({ useRecords: false, mapsAsObjects: true })

const wire = (op: string, body: Buffer): WireRequest => ({
  method: 'POST',
  path: '/',
  rawQuery: '',
  headers: {
    'x-amz-target': `Kinesis_20131202.${op}`,
    'content-type': 'application/x-amz-cbor-1.1',
  },
  host: 'localhost',
  body,
})
const parse = async (op: string, doc: unknown) =>
  cborProtocol.parse(wire(op, javaLike.encode(doc)), opOf(op), kinesis)

test('content type detection', () => {
  assert.ok(isCborContentType('application/x-amz-cbor-1.1'))
  assert.ok(isCborContentType('application/x-amz-cbor-1.1; charset=utf-8'))
  assert.ok(!isCborContentType('application/x-amz-json-1.1'))
  assert.ok(!isCborContentType(undefined))
})

test('parse: byte strings become Buffers, tag 1 is epoch milliseconds', async () => {
  const input = await parse('PutRecords', {
    StreamName: 's',
    Records: [{ Data: Buffer.from([1, 2, 3]), PartitionKey: 'p' }],
  })
  assert.deepEqual(input, {
    StreamName: 's',
    Records: [{ Data: Buffer.from([1, 2, 3]), PartitionKey: 'p' }],
  })
  const it = await parse('GetShardIterator', {
    ShardId: 'a',
    ShardIteratorType: 'AT_TIMESTAMP',
    Timestamp: new Tag(1700000000123, 1),
  })
  assert.deepEqual(it.Timestamp, new Date(1700000000123))
  const untagged = await parse('GetShardIterator', {
    ShardId: 'a',
    ShardIteratorType: 'AT_TIMESTAMP',
    Timestamp: 1700000000123,
  })
  assert.deepEqual(untagged.Timestamp, new Date(1700000000123))
})

test('parse: malformed CBOR and type errors are SerializationException', async () => {
  await assert.rejects(
    async () =>
      cborProtocol.parse(
        wire('ListStreams', Buffer.from([0xbf, 0x61])),
        opOf('ListStreams'),
        kinesis,
      ),
    (e: unknown) =>
      e instanceof AwsError && e.code === 'SerializationException' && e.message === '',
  )
  await assert.rejects(
    parse('ListStreams', { Limit: 'x' }),
    (e: unknown) =>
      e instanceof AwsError && e.message === 'STRING_VALUE can not be converted to an Integer',
  )
  await assert.rejects(
    parse('PutRecord', { Data: 5 }),
    (e: unknown) =>
      e instanceof AwsError && e.message === 'NUMBER_VALUE can not be converted to a Blob',
  )
})

test('serialize: blobs as untagged byte strings, timestamps as tag 1 + integer milliseconds', () => {
  const res = cborProtocol.serialize(
    {
      Records: [
        {
          SequenceNumber: '1',
          ApproximateArrivalTimestamp: new Date(1500),
          Data: Buffer.from('hi'),
          PartitionKey: 'k',
        },
      ],
      MillisBehindLatest: 0,
    },
    opOf('GetRecords'),
    ctx,
  )
  assert.equal(res.status, 200)
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1')
  assert.equal(res.headers['x-amzn-requestid'], 'req-1')
  const body = res.body as Buffer
  assert.ok(body.includes(Buffer.from([0xc1, 0x19, 0x05, 0xdc])), 'tag 1 + uint16 1500')
  assert.ok(body.includes(Buffer.from([0x42, 0x68, 0x69])), "byte string 'hi'")
  assert.ok(!body.includes(Buffer.from([0xd8, 0x40])), 'no typed-array tag 64')
  const doc = plain.decode(body) as {
    Records: { Data: Uint8Array; PartitionKey: string }[]
    MillisBehindLatest: number
  }
  assert.equal(Buffer.from(doc.Records[0]?.Data ?? []).toString(), 'hi')
  assert.equal(doc.MillisBehindLatest, 0)
})

test('round trip: what we serialize, we parse back (Java SDK symmetry)', async () => {
  const when = new Date('2024-05-01T12:34:56.789Z')
  const res = cborProtocol.serialize({ Shards: [], NextToken: 'n' }, opOf('ListShards'), ctx)
  assert.deepEqual(plain.decode(res.body as Buffer), { Shards: [], NextToken: 'n' })
  const input = await parse('ListShards', {
    StreamName: 's',
    StreamCreationTimestamp: new Tag(when.getTime(), 1),
  })
  assert.deepEqual(input, { StreamName: 's', StreamCreationTimestamp: when })
})

test('serializeError: CBOR map with __type and message, x-amzn-ErrorType header', () => {
  const res = cborProtocol.serializeError(
    new AwsError('ResourceNotFoundException', 'Stream s not found.'),
    ctx,
  )
  assert.equal(res.status, 400)
  assert.equal(res.headers['content-type'], 'application/x-amz-cbor-1.1')
  assert.equal(res.headers['x-amzn-errortype'], 'ResourceNotFoundException')
  assert.deepEqual(plain.decode(res.body as Buffer), {
    __type: 'ResourceNotFoundException',
    message: 'Stream s not found.',
  })
  const unknown = cborProtocol.serializeError(
    cborProtocol.unknownOperation(wire('X', Buffer.alloc(0)), kinesis),
    ctx,
  )
  assert.deepEqual(plain.decode(unknown.body as Buffer), { __type: 'UnknownOperationException' })
})
