// `npm run bench`: Millrace side by side with peers in one run, reported as ratios.
// Scenarios: cold start, trivial-request throughput. Later issues add their own scenarios here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import autocannon from 'autocannon'
import { iamScenarios } from './iam.mjs'
import { bindReport, kinesisScenarios } from './kinesis.mjs'
import {
  cpuMs,
  fmt,
  freePort,
  hasWrk,
  MILLRACE_MAIN,
  median,
  spawnReady,
  stop,
  wrkLoad,
} from './lib.mjs'

const MILLRACE = [MILLRACE_MAIN, 'start', '--log-level', 'warn']
const BARE = ['bench/bare-server.mjs']
const only = process.argv.slice(2)
const results = []
const report = (line) => {
  results.push(line)
  console.log(line)
}

const startMillrace = async (extra = []) => {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'millrace-bench-'))
  const args = [...MILLRACE, '--port', String(port), '--data-dir', dataDir, ...extra]
  const server = await spawnReady(process.execPath, args, port, '/_millrace/health')
  return { ...server, port, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
}

const startBare = async () => {
  const port = await freePort()
  return {
    ...(await spawnReady(process.execPath, [...BARE, String(port)], port, '/')),
    port,
    cleanup: () => {},
  }
}

const coldStart = async () => {
  const runs = 10
  const m = []
  const b = []
  for (let i = 0; i < runs; i++) {
    const s = await startMillrace()
    m.push(s.ms)
    await stop(s.child)
    s.cleanup()
    const t = await startBare()
    b.push(t.ms)
    await stop(t.child)
  }
  report(
    `cold start (spawn → first 200, median of ${runs}): millrace ${fmt(median(m))} ms, bare node:http ${fmt(median(b))} ms (target < 250 ms)`,
  )
}

/** Requests/s and server CPU µs per request: wrk where installed, else autocannon. */
const load = async (server, request, seconds = 5) => {
  if (hasWrk) {
    const r = wrkLoad(server, request, { seconds })
    if (r.non2xx > 0) throw new Error(`non-2xx ${r.non2xx} of ${r.total}`)
    return r
  }
  const cpu0 = cpuMs(server.child.pid)
  const r = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: 16,
    duration: seconds,
    requests: [request],
  })
  const cpu = cpuMs(server.child.pid) - cpu0
  const ok = r['2xx']
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`non-2xx ${r.non2xx}, errors ${r.errors}`)
  return { rps: ok / seconds, cpuUsPerReq: (cpu * 1000) / ok }
}

/** A POST signed as an SDK would sign it (by a key the server does not know: local mode). */
const signedPost = async (service, headers, body) => {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    region: 'us-east-1',
    service,
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: '/',
    headers: { host: '127.0.0.1', ...headers },
    body,
  })
  return { method: 'POST', path: '/', headers: signed.headers, body }
}

const trivialThroughput = async () => {
  const bare = await startBare()
  const millrace = await startMillrace()
  try {
    const health = { method: 'GET', path: '/_millrace/health' }
    const sts = await signedPost(
      'sts',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'Action=GetCallerIdentity&Version=2011-06-15',
    )
    const kinesis = await signedPost(
      'kinesis',
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.ListStreams',
      },
      '{}',
    )
    // The ceiling gets the very same request bytes (signed headers and all), so header parsing
    // costs the same on both sides.
    const b = await load(bare, kinesis)
    const h = await load(millrace, health)
    const k = await load(millrace, kinesis)
    const s = await load(millrace, sts)
    report(
      `bare node:http fixed JSON (same request bytes): ${fmt(b.rps, 0)} req/s, ${fmt(b.cpuUsPerReq)} µs CPU/req`,
    )
    report(
      `millrace health: ${fmt(h.rps, 0)} req/s = ${fmt((100 * h.rps) / b.rps, 0)}% of bare, ${fmt(h.cpuUsPerReq)} µs CPU/req`,
    )
    report(
      `millrace Kinesis ListStreams (awsJson1.1: route, SigV4 parse, decode, validate, handler, encode): ${fmt(k.rps, 0)} req/s = ${fmt((100 * k.rps) / b.rps, 0)}% of bare (target ≥ 70%), ${fmt(k.cpuUsPerReq)} µs CPU/req`,
    )
    report(
      `millrace STS GetCallerIdentity (SigV4 parse, query decode, XML encode): ${fmt(s.rps, 0)} req/s = ${fmt((100 * s.rps) / b.rps, 0)}% of bare, ${fmt(s.cpuUsPerReq)} µs CPU/req`,
    )
  } finally {
    await stop(bare.child)
    await stop(millrace.child)
    millrace.cleanup()
  }
}

const scenarios = {
  coldStart,
  trivialThroughput,
  ...bindReport(kinesisScenarios, report),
  ...bindReport(iamScenarios, report),
  ...(await import('./s3.mjs')).s3Scenarios(report),
}
for (const [name, run] of Object.entries(scenarios)) {
  if (only.length && !only.includes(name)) continue
  await run()
}
writeFileSync(join(tmpdir(), 'millrace-bench-last.txt'), `${results.join('\n')}\n`)
