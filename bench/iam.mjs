// IAM scenarios for `npm run bench` (also `node bench/iam.mjs` after `npm run build`):
// 1. authorization overhead per request for an IAM user with 20 attached managed policies
//    (10 on the user, 10 on its group), each call timed on its own, median reported — warm
//    (decision cached) and cold (cache dropped before every call);
// 2. Kinesis PutRecord throughput signed by that user's key with --iam enforce vs --iam off,
//    in the same run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import autocannon from 'autocannon'
import { cpuMs, fmt, freePort, MILLRACE_MAIN, median, spawnReady, stop } from './lib.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROOT = { accessKeyId: 'AKIDBENCHROOT', secretAccessKey: 'bench' }
const ACCOUNT = '000000000000'
const STREAM = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/bench`

/** 20 customer managed policies, realistic in shape: several statements, wildcards, conditions. */
const policyDoc = (i) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Reads',
        Effect: 'Allow',
        Action: ['s3:Get*', 's3:List*'],
        Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`],
      },
      {
        Sid: 'Glue',
        Effect: 'Allow',
        Action: ['glue:GetTable', 'glue:GetDatabase'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      },
      {
        Sid: 'NoDelete',
        Effect: 'Deny',
        Action: 'kinesis:DeleteStream',
        Resource: `arn:aws:kinesis:*:*:stream/prod-${i}`,
      },
      // The last policy is the one that grants the writes.
      ...(i === 19
        ? [
            {
              Sid: 'Writes',
              Effect: 'Allow',
              Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
              Resource: STREAM,
            },
          ]
        : []),
    ],
  })

/** A user with 10 policies attached and a group with 10 more; returns the user's key. */
const setUp = async (endpoint) => {
  const cfg = { region: 'us-east-1', endpoint, credentials: ROOT, maxAttempts: 1 }
  const iam = new IAMClient(cfg)
  await iam.send(new CreateUserCommand({ UserName: 'bench' }))
  await iam.send(new CreateGroupCommand({ GroupName: 'bench-group' }))
  await iam.send(new AddUserToGroupCommand({ GroupName: 'bench-group', UserName: 'bench' }))
  for (let i = 0; i < 20; i++) {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: policyDoc(i) }),
    )
    if (i < 10)
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: Policy.Arn }))
    else
      await iam.send(
        new AttachGroupPolicyCommand({ GroupName: 'bench-group', PolicyArn: Policy.Arn }),
      )
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))
  await new KinesisClient(cfg).send(new CreateStreamCommand({ StreamName: 'bench', ShardCount: 1 }))
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey }
}

const authzOverhead = async (report) => {
  const { parseConfig } = await import('../dist/src/server/config.js')
  const { startServer } = await import('../dist/src/server/start.js')
  const { authorizeRequest } = await import('../dist/src/iam/index.js')
  const dataDir = mkdtempSync(join(tmpdir(), 'millrace-bench-iam-'))
  const { config } = parseConfig([
    ...[
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      '--kinesis-create-delay-ms',
      '0',
    ],
  ])
  const server = await startServer(config)
  try {
    const key = await setUp(server.url)
    const principal = server.app.credentials.lookup(key.accessKeyId).principal
    const request = {
      service: 'kinesis',
      operation: 'PutRecord',
      protocol: 'awsJson1_1',
      principal,
      input: { StreamName: 'bench', Data: Buffer.from('x'), PartitionKey: 'p' },
      region: 'us-east-1',
      method: 'POST',
      path: '/',
      sourceIp: '127.0.0.1',
      isSecure: false,
    }
    const timeCalls = async (n, before) => {
      const samples = []
      for (let i = 0; i < n; i++) {
        before?.()
        const t0 = process.hrtime.bigint()
        await authorizeRequest(server.app, request)
        samples.push(Number(process.hrtime.bigint() - t0) / 1000)
      }
      return samples
    }
    // Past the 5 s during which a CreateStream bypasses the resource-policy cache (steady state).
    await new Promise((resolve) => setTimeout(resolve, 5100))
    await timeCalls(2000)
    const warm = await timeCalls(20000)
    const { store } = server.app.services.get('iam')
    // Dropping the caches the way any IAM change does: every call resolves and evaluates anew.
    const cold = await timeCalls(2000, () => store.change(() => undefined))
    report(
      `IAM authorization per request, user with 20 attached policies (Kinesis PutRecord): median ${fmt(median(warm), 2)} µs cached (target ≤ 20 µs), ${fmt(median(cold), 1)} µs uncached (resolve 20 policies + evaluate)`,
    )
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const signedPutRecord = async (port, key) => {
  const body = JSON.stringify({ StreamName: 'bench', Data: 'eyJhIjoxfQ==', PartitionKey: 'p' })
  const signer = new SignatureV4({
    credentials: key,
    region: 'us-east-1',
    service: 'kinesis',
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/',
    headers: {
      host: `127.0.0.1:${port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Kinesis_20131202.PutRecord',
    },
    body,
  })
  return { method: 'POST', path: '/', headers: signed.headers, body }
}

/** A server with the bench user, its 20 policies and a stream; `request` is a signed PutRecord. */
const startWithUser = async (mode) => {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'millrace-bench-iam-'))
  const args = [
    ...[MILLRACE_MAIN, 'start', '--log-level', 'warn', '--port', String(port)],
    ...['--data-dir', dataDir, '--iam', mode, '--kinesis-create-delay-ms', '0'],
  ]
  const server = await spawnReady(process.execPath, args, port, '/_millrace/health')
  const key = await setUp(`http://127.0.0.1:${port}`)
  const request = await signedPutRecord(port, key)
  const cleanup = async () => {
    await stop(server.child)
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { mode, port, server, request, cleanup }
}

const putRecordRate = async ({ mode, port, server, request }, seconds) => {
  const cpu0 = cpuMs(server.child.pid)
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 16,
    duration: seconds,
    requests: [request],
  })
  const cpu = cpuMs(server.child.pid) - cpu0
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Error(`--iam ${mode}: non-2xx ${r.non2xx}, errors ${r.errors}`)
  }
  return { rps: r['2xx'] / seconds, cpuUsPerReq: (cpu * 1000) / r['2xx'] }
}

/**
 * Both servers run side by side; rounds alternate between them and each round's ratio pairs
 * two adjacent measurements, so drifting background load on a shared machine cancels out.
 */
const enforceVsOff = async (report) => {
  const rounds = Number(process.env.BENCH_IAM_ROUNDS ?? 5)
  const off = await startWithUser('off')
  const enforce = await startWithUser('enforce')
  try {
    await putRecordRate(off, 1)
    await putRecordRate(enforce, 1)
    const pairs = []
    for (let i = 0; i < rounds; i++) {
      // Alternate which mode goes first, so neither always runs on the warmer machine.
      const [a, b] = i % 2 === 0 ? [off, enforce] : [enforce, off]
      const ra = await putRecordRate(a, SECONDS)
      const rb = await putRecordRate(b, SECONDS)
      pairs.push(a === off ? { off: ra, enforce: rb } : { off: rb, enforce: ra })
    }
    const ratios = pairs.map((p) => p.enforce.rps / p.off.rps)
    const m = median(ratios)
    const mid =
      pairs[ratios.indexOf(ratios.slice().sort((x, y) => x - y)[Math.floor(ratios.length / 2)])]
    report(
      `Kinesis PutRecord signed by an IAM user's key (20 policies): --iam enforce ${fmt(mid.enforce.rps, 0)} req/s (${fmt(mid.enforce.cpuUsPerReq)} µs CPU/req) vs --iam off ${fmt(mid.off.rps, 0)} req/s (${fmt(mid.off.cpuUsPerReq)} µs CPU/req): enforce = ${fmt(100 * m, 0)}% of off (target ≥ 90%; median of ${rounds} paired rounds, all: ${ratios.map((r) => fmt(100 * r, 0)).join(' ')}%)`,
    )
  } finally {
    await off.cleanup()
    await enforce.cleanup()
  }
}

export const iamScenarios = { iamAuthzOverhead: authzOverhead, iamEnforceVsOff: enforceVsOff }

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv.slice(2)
  for (const [name, run] of Object.entries(iamScenarios)) {
    if (only.length && !only.includes(name)) continue
    await run(console.log)
  }
}
