/**
 * Capacity: --kinesis-throttle limits and on-demand scaling. The server runs on a frozen clock,
 * so "within one second" and "over the window" are exact rather than timing-dependent.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import { type RunningServer, startServer } from '../src/server/start.js'
import { scaleOnDemand } from '../src/services/kinesis/on-demand.js'
import type { KinesisState } from '../src/services/kinesis/store.js'
import { testConfig } from '../src/testing/cloud.js'

const frozen = async (
  args: string[],
  fn: (
    k: KinesisClient,
    server: RunningServer,
    now: () => number,
    advance: (ms: number) => void,
  ) => Promise<void>,
) => {
  const dir = await mkdtemp(join(tmpdir(), 'millrace-test-'))
  let t = Date.now()
  const now = () => t
  const advance = (ms: number) => {
    t += ms
  }
  const server = await startServer(testConfig(dir, args), { now })
  const k = new KinesisClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDCAP', secretAccessKey: 'x' },
    maxAttempts: 1,
  })
  try {
    await fn(k, server, now, advance)
  } finally {
    k.destroy()
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

const batch = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ Data: Buffer.from(`d${i}`), PartitionKey: 'one' }))

test('--kinesis-throttle: 1,000 records/s per shard for writes, 5 GetRecords/s for reads', () =>
  frozen(['--kinesis-throttle'], async (k) => {
    await k.send(new CreateStreamCommand({ StreamName: 't', ShardCount: 1 }))
    for (let i = 0; i < 2; i++) {
      const ok = await k.send(new PutRecordsCommand({ StreamName: 't', Records: batch(500) }))
      assert.equal(ok.FailedRecordCount, 0)
    }
    const over = await k.send(new PutRecordsCommand({ StreamName: 't', Records: batch(3) }))
    assert.equal(over.FailedRecordCount, 3)
    assert.deepEqual(over.Records![0], {
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage:
        'Rate exceeded for shard shardId-000000000000 in stream t under account 000000000000.',
    })
    await assert.rejects(
      k.send(new PutRecordCommand({ StreamName: 't', Data: Buffer.from('x'), PartitionKey: 'a' })),
      (e: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(e.name, 'ProvisionedThroughputExceededException')
        assert.equal(
          e.message,
          'Rate exceeded for shard shardId-000000000000 in stream t under account 000000000000.',
        )
        assert.equal(e.$metadata.httpStatusCode, 400)
        return true
      },
    )
    const it = await k.send(
      new GetShardIteratorCommand({
        StreamName: 't',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    for (let i = 0; i < 5; i++) {
      await k.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 1 }))
    }
    await assert.rejects(k.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator })), {
      name: 'ProvisionedThroughputExceededException',
      message:
        'Rate exceeded for shard shardId-000000000000 in stream t under account 000000000000.',
    })
  }))

test('on-demand: starts with 4 shards and doubles under sustained load (visible in ListShards)', () =>
  frozen([], async (k, server, now) => {
    await k.send(
      new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
    )
    const before = (await k.send(new ListShardsCommand({ StreamName: 'od' }))).Shards!
    assert.equal(before.length, 4)
    const state = server.app.services.get<KinesisState>('kinesis')
    const ctx = { services: server.app.services, now }
    // Below half the capacity of 4 shards (2,000 records/s over the window): no change.
    await k.send(new PutRecordsCommand({ StreamName: 'od', Records: batch(500) }))
    await scaleOnDemand(state, ctx, server.app.config)
    assert.equal((await k.send(new ListShardsCommand({ StreamName: 'od' }))).Shards!.length, 4)
    // 5,000 records in the window: more than half of 4,000 records/s → 8 shards.
    for (let i = 0; i < 10; i++) {
      await k.send(new PutRecordsCommand({ StreamName: 'od', Records: batch(500) }))
    }
    await scaleOnDemand(state, ctx, server.app.config)
    const open = (
      await k.send(new ListShardsCommand({ StreamName: 'od', ShardFilter: { Type: 'AT_LATEST' } }))
    ).Shards!
    assert.equal(open.length, 8)
    assert.ok(open.every((s) => s.ParentShardId !== undefined))
  }))

test('retention is enforced: records older than the period are gone', () =>
  frozen([], async (first, server, now, advance) => {
    // A client per call signing with the server's (moved) clock: the SDK would otherwise re-sync
    // its clock offset from each response's Date header.
    const clients: KinesisClient[] = [first]
    const at = () => {
      const c = new KinesisClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'AKIDCAP', secretAccessKey: 'x' },
        maxAttempts: 1,
        systemClockOffset: now() - Date.now(),
      })
      clients.push(c)
      return c
    }
    await at().send(new CreateStreamCommand({ StreamName: 'old', ShardCount: 1 }))
    await at().send(
      new PutRecordCommand({ StreamName: 'old', Data: Buffer.from('old'), PartitionKey: 'a' }),
    )
    // 23 hours later: still there; a new record arrives.
    advance(23 * 3600_000)
    await at().send(
      new PutRecordCommand({ StreamName: 'old', Data: Buffer.from('new'), PartitionKey: 'a' }),
    )
    const read = async () => {
      const it = await at().send(
        new GetShardIteratorCommand({
          StreamName: 'old',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      const r = await at().send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))
      return r.Records!.map((x) => Buffer.from(x.Data!).toString())
    }
    assert.deepEqual(await read(), ['old', 'new'])
    // Past 24 hours for the first record only.
    advance(2 * 3600_000)
    assert.deepEqual(await read(), ['new'])
    const { sweepRetention } = await import('../src/services/kinesis/retention.js')
    await sweepRetention(server.app.services.get<KinesisState>('kinesis'), now())
    assert.deepEqual(await read(), ['new'])
    for (const c of clients.slice(1)) c.destroy()
  }))

test('pagination: DescribeStream pages shards; NextTokens expire after 5 minutes', () =>
  frozen([], async (first, server, now, advance) => {
    const at = () =>
      new KinesisClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'AKIDCAP', secretAccessKey: 'x' },
        maxAttempts: 1,
        systemClockOffset: now() - Date.now(),
      })
    await first.send(new CreateStreamCommand({ StreamName: 'p1', ShardCount: 3 }))
    await first.send(new CreateStreamCommand({ StreamName: 'p2', ShardCount: 1 }))
    const page = await first.send(new DescribeStreamCommand({ StreamName: 'p1', Limit: 2 }))
    assert.equal(page.StreamDescription!.HasMoreShards, true)
    const rest = await first.send(
      new DescribeStreamCommand({
        StreamName: 'p1',
        ExclusiveStartShardId: page.StreamDescription!.Shards![1]!.ShardId,
      }),
    )
    assert.deepEqual(
      rest.StreamDescription!.Shards!.map((x) => x.ShardId),
      ['shardId-000000000002'],
    )
    assert.equal(rest.StreamDescription!.HasMoreShards, false)
    const l = await first.send(new ListStreamsCommand({ Limit: 1 }))
    advance(301_000)
    const late = at()
    try {
      await assert.rejects(late.send(new ListStreamsCommand({ NextToken: l.NextToken })), {
        name: 'ExpiredNextTokenException',
        message: 'The NextToken has expired or is invalid.',
      })
      await assert.rejects(late.send(new ListShardsCommand({ NextToken: 'forged.token' })), {
        name: 'InvalidArgumentException',
        message: 'NextToken is invalid.',
      })
    } finally {
      late.destroy()
    }
  }))
