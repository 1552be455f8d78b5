/**
 * Kill -9 durability: 4 producers PutRecords continuously against a real `millrace start`
 * process; the process is SIGKILLed mid-stream and restarted on the same data dir. Every
 * record whose put was acknowledged must be readable, exactly once, in its producer's order.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })

const startProcess = async (dataDir: string, port: number): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start',
      ...['--port', String(port), '--data-dir', dataDir, '--log-level', 'silent'],
      ...['--kinesis-create-delay-ms', '0', '--fsync', 'never'],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`)
    const ok = await fetch(`http://127.0.0.1:${port}/_millrace/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('server did not start')
}

const client = (port: number): KinesisClient =>
  new KinesisClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDDURABLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  })

test('every acknowledged record survives kill -9, once, in order', {
  timeout: 120_000,
}, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'millrace-kill-'))
  const port = await freePort()
  let child = await startProcess(dataDir, port)
  try {
    const admin = client(port)
    await admin.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 4 }))
    admin.destroy()
    const acked: string[][] = [[], [], [], []]
    let isStopping = false
    const producer = async (p: number): Promise<void> => {
      const k = client(port)
      let n = 0
      try {
        while (!isStopping) {
          const batch = Array.from({ length: 50 }, () => `p${p}-${n++}`)
          const out = await k.send(
            new PutRecordsCommand({
              StreamName: 'durable',
              Records: batch.map((id) => ({
                Data: Buffer.from(id),
                PartitionKey: `producer-${p}`,
              })),
            }),
          )
          assert.equal(out.FailedRecordCount, 0)
          acked[p]!.push(...batch)
        }
      } catch {
        // The kill: this put was never acknowledged.
      } finally {
        k.destroy()
      }
    }
    const producers = [0, 1, 2, 3].map(producer)
    // Kill once a good number of puts were acknowledged (bounded wait).
    for (let i = 0; i < 400 && acked.reduce((a, b) => a + b.length, 0) < 4000; i++) {
      await new Promise((r) => setTimeout(r, 25))
    }
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    isStopping = true
    await Promise.all(producers)
    const total = acked.reduce((a, b) => a + b.length, 0)
    assert.ok(total > 0, 'some puts were acknowledged before the kill')
    t.diagnostic(`acknowledged before the kill: ${total}`)

    child = await startProcess(dataDir, port)
    const k = client(port)
    const shards = (await k.send(new ListShardsCommand({ StreamName: 'durable' }))).Shards!
    const seen = new Map<string, number>()
    const order: string[][] = [[], [], [], []]
    for (const shard of shards) {
      let it = (
        await k.send(
          new GetShardIteratorCommand({
            StreamName: 'durable',
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator
      for (;;) {
        const r = await k.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }))
        for (const rec of r.Records!) {
          const id = Buffer.from(rec.Data!).toString()
          seen.set(id, (seen.get(id) ?? 0) + 1)
          order[Number(id.slice(1, id.indexOf('-')))]!.push(id)
        }
        if (r.Records!.length === 0 || r.MillisBehindLatest === 0) break
        it = r.NextShardIterator
      }
    }
    k.destroy()
    for (let p = 0; p < 4; p++) {
      for (const id of acked[p]!) assert.equal(seen.get(id), 1, `${id} read exactly once`)
      // The acknowledged records lead the producer's log in put order (unacknowledged ones may follow).
      assert.deepEqual(order[p]!.slice(0, acked[p]!.length), acked[p])
    }
    for (const [id, count] of seen) assert.equal(count, 1, `${id} duplicated`)
    t.diagnostic(`read after restart: ${seen.size}`)
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    await rm(dataDir, { recursive: true, force: true })
  }
})

test('a graceful restart keeps streams, lineage, tags, consumers, policies and records', async () => {
  const { testConfig } = await import('../src/testing/cloud.js')
  const { startServer } = await import('../src/server/start.js')
  const {
    SplitShardCommand,
    ListTagsForStreamCommand,
    ListStreamConsumersCommand,
    PutRecordCommand,
    RegisterStreamConsumerCommand,
    GetResourcePolicyCommand,
    PutResourcePolicyCommand,
  } = await import('@aws-sdk/client-kinesis')
  const dataDir = await mkdtemp(join(tmpdir(), 'millrace-restart-'))
  const boot = async () => {
    const server = await startServer(testConfig(dataDir))
    return { server, k: client(server.listener.port) }
  }
  const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/keep'
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] })
  try {
    let { server, k } = await boot()
    await k.send(new CreateStreamCommand({ StreamName: 'keep', ShardCount: 1, Tags: { t: 'v' } }))
    await k.send(
      new PutRecordCommand({ StreamName: 'keep', Data: Buffer.from('one'), PartitionKey: 'a' }),
    )
    await k.send(
      new SplitShardCommand({
        StreamName: 'keep',
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: String(1n << 127n),
      }),
    )
    await k.send(
      new PutRecordCommand({ StreamName: 'keep', Data: Buffer.from('two'), PartitionKey: 'a' }),
    )
    await k.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'c' }))
    await k.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy }))
    k.destroy()
    await server.stop()
    ;({ server, k } = await boot())
    const shards = (await k.send(new ListShardsCommand({ StreamName: 'keep' }))).Shards!
    assert.deepEqual(
      shards.map((s) => [s.ShardId, s.ParentShardId]),
      [
        ['shardId-000000000000', undefined],
        ['shardId-000000000001', 'shardId-000000000000'],
        ['shardId-000000000002', 'shardId-000000000000'],
      ],
    )
    const all: string[] = []
    for (const s of shards) {
      const it = await k.send(
        new GetShardIteratorCommand({
          StreamName: 'keep',
          ShardId: s.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      const r = await k.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))
      all.push(...r.Records!.map((x) => Buffer.from(x.Data!).toString()))
    }
    assert.deepEqual(all.sort(), ['one', 'two'])
    assert.deepEqual((await k.send(new ListTagsForStreamCommand({ StreamName: 'keep' }))).Tags, [
      { Key: 't', Value: 'v' },
    ])
    assert.equal(
      (await k.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers!.length,
      1,
    )
    assert.equal((await k.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy, policy)
    k.destroy()
    await server.stop()
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
})
