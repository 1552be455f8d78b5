import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EventStreamCodec } from '@smithy/core/event-streams'
import { model as kinesis } from '../gen/kinesis.js'
import { AwsError } from '../server/errors.js'
import {
  EVENT_STREAM_CONTENT_TYPE,
  encodeMessage,
  eventStreamMemberOf,
  eventStreamResponse,
} from './event-stream.js'

const utf8 = {
  to: (b: Uint8Array) => Buffer.from(b).toString('utf8'),
  from: (s: string) => Buffer.from(s, 'utf8'),
}
// The SDK's own codec checks both CRCs while splitting a message.
const codec = new EventStreamCodec(utf8.to, utf8.from)

test('messages decode with the SDK codec (prelude and message CRCs)', () => {
  const msg = encodeMessage(
    { ':message-type': 'event', ':event-type': 'X' },
    Buffer.from('{"a":1}'),
  )
  const out = codec.decode(msg)
  assert.equal(out.headers[':message-type']!.value, 'event')
  assert.equal(out.headers[':event-type']!.value, 'X')
  assert.equal(Buffer.from(out.body).toString(), '{"a":1}')
  const bad = Buffer.from(msg)
  bad.writeUInt8(bad.readUInt8(bad.length - 6) ^ 1, bad.length - 6)
  assert.throws(() => codec.decode(bad))
})

test('SubscribeToShard streams initial-response, events, then a modeled exception', async () => {
  const stream = eventStreamMemberOf(kinesis, 'SubscribeToShardOutput')
  assert.deepEqual(stream, { member: 'EventStream', union: 'SubscribeToShardEventStream' })
  assert.equal(eventStreamMemberOf(kinesis, 'PutRecordOutput'), undefined)
  async function* events() {
    yield {
      SubscribeToShardEvent: {
        Records: [],
        ContinuationSequenceNumber: '1',
        MillisBehindLatest: 0,
      },
    }
    throw new AwsError('ResourceNotFoundException', 'gone')
  }
  const res = eventStreamResponse(
    kinesis,
    'SubscribeToShardOutput',
    { EventStream: events() },
    stream!,
    {
      contentType: 'application/x-amz-json-1.1',
      encode: (_s, v) => Buffer.from(JSON.stringify(v)),
    },
    'req-1',
  )
  assert.equal(res.headers['content-type'], EVENT_STREAM_CONTENT_TYPE)
  const chunks: Buffer[] = []
  for await (const c of res.body as AsyncIterable<Buffer>) chunks.push(c)
  const messages = chunks.map((c) => codec.decode(c))
  assert.deepEqual(
    messages.map((m) => [
      m.headers[':message-type']!.value,
      m.headers[':event-type']?.value ?? m.headers[':exception-type']!.value,
    ]),
    [
      ['event', 'initial-response'],
      ['event', 'SubscribeToShardEvent'],
      ['exception', 'ResourceNotFoundException'],
    ],
  )
  assert.deepEqual(JSON.parse(Buffer.from(messages[2]!.body).toString()), { message: 'gone' })
})
