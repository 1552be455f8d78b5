// Kinesis scenarios for `npm run bench`: Millrace side by side with kinesalite (npm) and a bare
// node:http server that parses the same JSON body and answers a fixed reply (the ceiling), all
// in one run, driven by a raw keep-alive HTTP client; plus one PutRecords run through
// @aws-sdk/client-kinesis. Server CPU per record/call comes from /proc/<pid>/stat.
// Env: BENCH_SECONDS (default 5), BENCH_DRAIN (records for the GetRecords drain, default
// 1,000,000), BENCH_STORE (records for the RSS scenario, default 10,000,000).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { cpuMs, fmt, freePort, MILLRACE_MAIN, median, stop } from './lib.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const DRAIN = Number(process.env.BENCH_DRAIN ?? 1_000_000)
const STORE = Number(process.env.BENCH_STORE ?? 10_000_000)
const require = createRequire(import.meta.url)
const KINESALITE = require.resolve('kinesalite/cli.js')
// kinesis-mock, built for Node with Scala.js; it reads server.json from its working directory.
const KINESIS_MOCK = require.resolve('kinesis-local/main.js')
const hasTaskset = spawnSync('taskset', ['-c', '1', 'true']).status === 0

// The ceiling: parses the body (JSON.parse, as every emulator must) and answers a fixed reply.
const BARE_SOURCE = `
import http from 'node:http'
const reply = JSON.stringify({ FailedRecordCount: 0, Records: [] })
http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const doc = JSON.parse(Buffer.concat(chunks).toString() || '{}')
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(reply) })
    res.end(reply)
    void doc
  })
}).listen(Number(process.argv[1]), '127.0.0.1')
process.on('SIGTERM', () => process.exit(0))
`

const agentFor = (n) => new http.Agent({ keepAlive: true, maxSockets: n })

const post = (port, agent, headers, body) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })

const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
  region: 'us-east-1',
  service: 'kinesis',
  sha256: Hash.bind(null, 'sha256'),
})

/** Headers of a Kinesis JSON call, signed once (the servers do not check replays). */
const call = async (port, target, doc) => {
  const body = JSON.stringify(doc)
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: '/',
    headers: {
      host: `127.0.0.1:${port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Kinesis_20131202.${target}`,
    },
    body,
  })
  return { headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) }, body }
}

const pinned = (cmd, args, opts = {}) =>
  hasTaskset
    ? spawn('taskset', ['-c', '0', cmd, ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        ...opts,
      })
    : spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], ...opts })

/** Spawns a server and waits for its first successful Kinesis call (ListStreams). */
const spawnServer = async (name, cmd, args, port, opts) => {
  const t0 = performance.now()
  const child = pinned(cmd, args, opts)
  const agent = agentFor(1)
  const probe = await call(port, 'ListStreams', {})
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}`)
    const ok = await post(port, agent, probe.headers, probe.body).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 2))
  }
  agent.destroy()
  // taskset execs the server: the pid is the server's.
  return { name, child, port, pid: child.pid, coldMs: performance.now() - t0 }
}

const startMillrace = async () => {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'millrace-kbench-'))
  const s = await spawnServer(
    'millrace',
    process.execPath,
    [
      MILLRACE_MAIN,
      'start',
      ...['--port', String(port), '--data-dir', dir, '--log-level', 'warn'],
      ...['--kinesis-create-delay-ms', '0', '--kinesis-update-delay-ms', '0'],
    ],
    port,
  )
  return { ...s, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

const startKinesalite = async () => {
  const port = await freePort()
  const s = await spawnServer(
    'kinesalite',
    process.execPath,
    [KINESALITE, '--port', String(port), '--createStreamMs', '0', '--updateStreamMs', '0'],
    port,
  )
  return { ...s, cleanup: () => {} }
}

const startKinesisMock = async () => {
  const port = await freePort()
  const s = await spawnServer('kinesis-mock', process.execPath, [KINESIS_MOCK], port, {
    cwd: dirname(KINESIS_MOCK),
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(port),
      KINESIS_MOCK_TLS_PORT: String(await freePort()),
      CREATE_STREAM_DURATION: '0ms',
      LOG_LEVEL: 'ERROR',
    },
  })
  return { ...s, cleanup: () => {} }
}

const startBare = async () => {
  const port = await freePort()
  const s = await spawnServer(
    'bare',
    process.execPath,
    ['--input-type=module', '-e', BARE_SOURCE, String(port)],
    port,
  )
  return { ...s, cleanup: () => {} }
}

const createStream = async (s, name, shards) => {
  if (s.name === 'bare') return
  const agent = agentFor(1)
  const c = await call(s.port, 'CreateStream', { StreamName: name, ShardCount: shards })
  const r = await post(s.port, agent, c.headers, c.body)
  if (r.status !== 200) throw new Error(`${s.name} CreateStream: ${r.status} ${r.body}`)
  // kinesalite may still be CREATING for a moment even with --createStreamMs 0.
  const d = await call(s.port, 'DescribeStreamSummary', { StreamName: name })
  for (let i = 0; i < 500; i++) {
    const x = await post(s.port, agent, d.headers, d.body)
    if (x.status === 200 && JSON.parse(x.body).StreamDescriptionSummary.StreamStatus === 'ACTIVE')
      break
    await new Promise((res) => setTimeout(res, 10))
  }
  agent.destroy()
}

/** `concurrency` loops sending `req` for SECONDS; returns calls/s, latencies and server CPU. */
const drive = async (s, req, concurrency, seconds = SECONDS) => {
  const agent = agentFor(concurrency)
  const latencies = []
  let calls = 0
  let failures = 0
  let partial = 0
  const cpu0 = cpuMs(s.pid)
  const t0 = performance.now()
  const end = t0 + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const a = performance.now()
        const r = await post(s.port, agent, req.headers, req.body)
        latencies.push(performance.now() - a)
        if (r.status !== 200) failures++
        else if (req.isPartial?.(r.body)) partial++
        else calls++
      }
    }),
  )
  const elapsed = (performance.now() - t0) / 1000
  const cpu = cpuMs(s.pid) - cpu0
  agent.destroy()
  latencies.sort((x, y) => x - y)
  if (failures > 0) throw new Error(`${s.name}: ${failures} failed calls`)
  // Throttled PutRecords (some records refused) count as not done at all.
  if (partial > 0) console.error(`${s.name}: ${partial} PutRecords calls had failed records`)
  return {
    perSecond: calls / elapsed,
    calls,
    cpuMs: cpu,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  }
}

const FAILED = /"FailedRecordCount":\s*([1-9])/

const putRecordsBody = async (port, stream, n, size) => ({
  ...(await putRecordsCall(port, stream, n, size)),
  isPartial: (body) => FAILED.test(body.subarray(0, 64).toString()),
})

const putRecordsCall = (port, stream, n, size) =>
  call(port, 'PutRecords', {
    StreamName: stream,
    Records: Array.from({ length: n }, (_, i) => ({
      Data: Buffer.alloc(size, i % 256).toString('base64'),
      PartitionKey: `pk-${i}`,
    })),
  })

/**
 * Runs `fn` with the servers started; `fn` retires each once measured, so a peer still working
 * off its backlog (kinesis-mock answers PutRecord with p99 ~300 ms) does not take the pinned
 * core from the next one measured.
 */
const withServers = async (starters, fn) => {
  const servers = []
  const retire = (s) => stop(s.child)
  try {
    for (const start of starters) servers.push(await start())
    return await fn(servers, retire)
  } finally {
    for (const s of servers) {
      await stop(s.child)
      s.cleanup()
    }
  }
}

const putRecordsScenario = (report) =>
  withServers(
    [startBare, startKinesalite, startKinesisMock, startMillrace],
    async (servers, retire) => {
      const rows = {}
      for (const s of servers) {
        await createStream(s, 'bench', 4)
        const req = await putRecordsBody(s.port, 'bench', 500, 100)
        const r = await drive(s, req, 8)
        rows[s.name] = {
          recordsPerS: r.perSecond * 500,
          cpuUsPerRecord: (r.cpuMs * 1000) / (r.calls * 500),
          p50: r.p50,
          p99: r.p99,
        }
        await retire(s)
      }
      const { bare, kinesalite, millrace } = rows
      const mock = rows['kinesis-mock']
      for (const [name, x] of Object.entries(rows)) {
        report(
          `PutRecords 500×100 B, 8 callers, 4 shards — ${name}: ${fmt(x.recordsPerS, 0)} records/s, ${fmt(x.cpuUsPerRecord, 2)} µs server CPU/record, p50 ${fmt(x.p50)} ms, p99 ${fmt(x.p99)} ms`,
        )
      }
      report(
        `PutRecords: millrace/kinesalite = ${fmt(millrace.recordsPerS / kinesalite.recordsPerS)}× records/s (target ≥ 10×), CPU/record kinesalite/millrace = ${fmt(kinesalite.cpuUsPerRecord / millrace.cpuUsPerRecord)}× (target ≥ 15×), millrace/kinesis-mock = ${fmt(millrace.recordsPerS / mock.recordsPerS)}× records/s, millrace = ${fmt((100 * millrace.recordsPerS) / bare.recordsPerS, 0)}% of bare`,
      )
    },
  )

const putRecordScenario = (report) =>
  withServers(
    [startBare, startKinesalite, startKinesisMock, startMillrace],
    async (servers, retire) => {
      const rows = {}
      for (const s of servers) {
        await createStream(s, 'one', 4)
        const req = await call(s.port, 'PutRecord', {
          StreamName: 'one',
          Data: Buffer.alloc(100, 7).toString('base64'),
          PartitionKey: 'pk',
        })
        const r = await drive(s, req, 16)
        rows[s.name] = {
          rps: r.perSecond,
          cpuUs: (r.cpuMs * 1000) / r.calls,
          p50: r.p50,
          p99: r.p99,
        }
        await retire(s)
      }
      for (const [name, x] of Object.entries(rows)) {
        report(
          `PutRecord ×1, 16 callers — ${name}: ${fmt(x.rps, 0)} calls/s, ${fmt(x.cpuUs)} µs server CPU/call, p50 ${fmt(x.p50, 2)} ms, p99 ${fmt(x.p99, 2)} ms`,
        )
      }
      const { bare, kinesalite, millrace } = rows
      report(
        `PutRecord: millrace/kinesalite = ${fmt(millrace.rps / kinesalite.rps)}× calls/s (target ≥ 2×), millrace/kinesis-mock = ${fmt(millrace.rps / rows['kinesis-mock'].rps)}×, CPU/call millrace/bare = ${fmt(millrace.cpuUs / bare.cpuUs, 2)}× (target ≤ 1.5×)`,
      )
    },
  )

const countOf = (text, needle) => {
  let n = 0
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++
  return n
}

/** Loads `n` records into a 1-shard stream, then drains it from TRIM_HORIZON with Limit 10,000. */
const drain = async (s, n) => {
  await createStream(s, 'drain', 1)
  const agent = agentFor(8)
  const req = await putRecordsBody(s.port, 'drain', 500, 100)
  const calls = Math.ceil(n / 500)
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < calls) {
        next++
        const r = await post(s.port, agent, req.headers, req.body)
        if (r.status !== 200) throw new Error(`${s.name} load: ${r.status}`)
      }
    }),
  )
  const single = agentFor(1)
  const itReq = await call(s.port, 'GetShardIterator', {
    StreamName: 'drain',
    ShardId: 'shardId-000000000000',
    ShardIteratorType: 'TRIM_HORIZON',
  })
  let iterator = JSON.parse(
    (await post(s.port, single, itReq.headers, itReq.body)).body,
  ).ShardIterator
  let got = 0
  const cpu0 = cpuMs(s.pid)
  const t0 = performance.now()
  while (got < calls * 500) {
    const g = await call(s.port, 'GetRecords', { ShardIterator: iterator, Limit: 10000 })
    const r = await post(s.port, single, g.headers, g.body)
    if (r.status !== 200)
      throw new Error(`${s.name} GetRecords: ${r.status} ${r.body.slice(0, 200)}`)
    // Scanned, not JSON.parsed: the client's cost must not hide the servers' (same for all).
    const text = r.body.toString('latin1')
    const n = countOf(text, '"SequenceNumber"')
    got += n
    iterator = /"NextShardIterator":"([^"]+)"/.exec(text)?.[1]
    if (n === 0 && /"MillisBehindLatest":0\b/.test(text)) break
  }
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuMs(s.pid) - cpu0
  agent.destroy()
  single.destroy()
  return { recordsPerS: got / seconds, got, cpuUsPerRecord: (cpu * 1000) / got }
}

const drainScenario = (report) =>
  withServers(
    [startKinesalite, startKinesisMock, startMillrace],
    async ([kinesalite, mockServer, millrace], retire) => {
      // The peers load at ~10-20k records/s: they drain a tenth of the count (rates compare).
      const k = await drain(kinesalite, Math.min(DRAIN, 100_000))
      await retire(kinesalite)
      // kinesis-mock loads at ~2k records/s: 20,000 records.
      const km = await drain(mockServer, Math.min(DRAIN, 20_000))
      await retire(mockServer)
      const m = await drain(millrace, DRAIN)
      report(
        `GetRecords drain — kinesis-mock: ${fmt(km.recordsPerS, 0)} records/s over ${km.got} records, ${fmt(km.cpuUsPerRecord, 2)} µs CPU/record`,
      )
      report(
        `GetRecords drain (Limit 10,000) — kinesalite: ${fmt(k.recordsPerS, 0)} records/s over ${k.got} records, ${fmt(k.cpuUsPerRecord, 2)} µs CPU/record; millrace: ${fmt(m.recordsPerS, 0)} records/s over ${m.got} records, ${fmt(m.cpuUsPerRecord, 2)} µs CPU/record; ratio ${fmt(m.recordsPerS / k.recordsPerS)}× (target ≥ 5×)`,
      )
    },
  )

const coldStartScenario = async (report) => {
  const m = []
  const k = []
  const km = []
  for (let i = 0; i < 5; i++) {
    const a = await startMillrace()
    m.push(a.coldMs)
    await stop(a.child)
    a.cleanup()
    const b = await startKinesalite()
    k.push(b.coldMs)
    await stop(b.child)
    const c = await startKinesisMock()
    km.push(c.coldMs)
    await stop(c.child)
  }
  report(
    `cold start (spawn → first successful ListStreams, median of 5): millrace ${fmt(median(m))} ms, kinesalite ${fmt(median(k))} ms, kinesis-mock ${fmt(median(km))} ms (target ≤ kinesalite)`,
  )
}

const rssMiB = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}

const rssScenario = (report) =>
  withServers([startMillrace], async ([s]) => {
    await createStream(s, 'store', 4)
    const agent = agentFor(8)
    const req = await putRecordsBody(s.port, 'store', 500, 100)
    const calls = Math.ceil(STORE / 500)
    const marks = []
    let next = 0
    let done = 0
    const checkpoints = [0.1, 0.25, 0.5, 1].map((f) => Math.floor(calls * f))
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < calls) {
          next++
          const r = await post(s.port, agent, req.headers, req.body)
          if (r.status !== 200) throw new Error(`store: ${r.status}`)
          done++
          if (checkpoints.includes(done)) marks.push([done * 500, rssMiB(s.pid)])
        }
      }),
    )
    agent.destroy()
    report(
      `RSS while storing ${STORE} records (100 B, 4 shards): ${marks.map(([n, mb]) => `${(n / 1e6).toFixed(2)}M → ${fmt(mb, 0)} MiB`).join(', ')}`,
    )
  })

const sdkScenario = (report) =>
  withServers([startMillrace], async ([s]) => {
    const { KinesisClient, PutRecordsCommand } = await import('@aws-sdk/client-kinesis')
    await createStream(s, 'sdk', 4)
    const client = new KinesisClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${s.port}`,
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    })
    const records = Array.from({ length: 500 }, (_, i) => ({
      Data: Buffer.alloc(100, i % 256),
      PartitionKey: `pk-${i}`,
    }))
    let calls = 0
    const cpu0 = cpuMs(s.pid)
    const clientCpu0 = process.cpuUsage()
    const t0 = performance.now()
    const end = t0 + SECONDS * 1000
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          await client.send(new PutRecordsCommand({ StreamName: 'sdk', Records: records }))
          calls++
        }
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    const serverCpu = cpuMs(s.pid) - cpu0
    const c = process.cpuUsage(clientCpu0)
    client.destroy()
    report(
      `PutRecords through @aws-sdk/client-kinesis (8 callers): ${fmt((calls * 500) / seconds, 0)} records/s; server ${fmt((serverCpu * 1000) / (calls * 500), 2)} µs CPU/record, SDK client ${fmt((c.user + c.system) / (calls * 500), 2)} µs CPU/record`,
    )
  })

export const kinesisScenarios = {
  kinesisColdStart: coldStartScenario,
  kinesisPutRecords: putRecordsScenario,
  kinesisPutRecord: putRecordScenario,
  kinesisDrain: drainScenario,
  kinesisSdk: sdkScenario,
  kinesisRss: rssScenario,
}

/** The scenarios as `bench/run.mjs` runs them: no arguments, lines reported through `report`. */
export const bindReport = (scenarios, report) =>
  Object.fromEntries(Object.entries(scenarios).map(([k, f]) => [k, () => f(report)]))
