import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { TEST_CREDENTIALS } from '../src/testing/cloud.js'

const MiB = 1024 * 1024

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

const healthy = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/_millrace/health', agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
      .on('error', () => resolve(false))
  })

/** A real server process (so it can be killed with SIGKILL) on a given data dir. */
const startProcess = async (dataDir: string, port: number): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--log-level',
      'silent',
    ],
    { stdio: 'ignore' },
  )
  while (!(await healthy(port))) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return child
}

const clientOf = (port: number): S3Client =>
  new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  })

/** SigV4-shaped headers: an unknown key acts as the account root in local mode (structure only). */
const auth = (): Record<string, string> => {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  return {
    'x-amz-date': date,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAWTESTKEY/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  }
}

const filesUnder = async (dir: string): Promise<string[]> => {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath ?? e.path, e.name))
  return out
}

describe('S3 crash safety', () => {
  let dataDir: string
  const children: ChildProcess[] = []
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('kill -9 during a large upload leaves no object and no temp file after restart; an acknowledged small one survives', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'millrace-crash-'))
    const port = await freePort()
    const first = await startProcess(dataDir, port)
    children.push(first)
    const s3 = clientOf(port)
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: '/crash',
          headers: { ...auth(), 'content-length': 0 },
        },
        (res) => {
          res.resume()
          res.statusCode === 200 ? resolve() : reject(new Error(`create bucket ${res.statusCode}`))
        },
      )
      req.end()
    })
    // A small body acknowledged before the crash: inline, committed with its row.
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: '/crash/small.txt',
          headers: { ...auth(), 'content-length': 5 },
        },
        (res) => {
          res.resume()
          res.statusCode === 200 ? resolve() : reject(new Error(`small put ${res.statusCode}`))
        },
      )
      req.end('small')
    })
    // Claim 1 GiB, send 64 MiB, then kill the server mid-body.
    const upload = http.request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: '/crash/big.bin',
      headers: { ...auth(), 'content-length': 1024 * MiB },
    })
    upload.on('error', () => {})
    const chunk = Buffer.alloc(MiB, 1)
    for (let i = 0; i < 64; i++) {
      if (!upload.write(chunk)) await new Promise((r) => upload.once('drain', r))
    }
    // The body is on its way to a temp file under tmp/.
    let temps: string[] = []
    for (let i = 0; i < 200 && temps.length === 0; i++) {
      temps = await readdir(join(dataDir, 'tmp'))
      if (temps.length === 0) await new Promise((r) => setTimeout(r, 10))
    }
    assert.equal(temps.length, 1)
    assert.ok((await stat(join(dataDir, 'tmp', temps[0]!))).size > 0)
    first.kill('SIGKILL')
    await new Promise((r) => first.once('exit', r))
    upload.destroy()

    const second = await startProcess(dataDir, port)
    children.push(second)
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), [])
    assert.deepEqual(await filesUnder(join(dataDir, 'objects')), [])
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'crash', Key: 'big.bin' })), {
      name: 'NotFound',
    })
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'crash' }))
    assert.deepEqual(
      list.Contents?.map((c) => c.Key),
      ['small.txt'],
    )
    const small = await s3.send(new GetObjectCommand({ Bucket: 'crash', Key: 'small.txt' }))
    assert.equal(await small.Body?.transformToString(), 'small')
    second.kill('SIGTERM')
    await new Promise((r) => second.once('exit', r))
  })
  it('concurrent small PUTs acknowledged together (one group commit) all survive kill -9', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'millrace-crash-group-'))
    const port = await freePort()
    try {
      const first = await startProcess(dir, port)
      children.push(first)
      const s3 = clientOf(port)
      await s3.send(new CreateBucketCommand({ Bucket: 'group' }))
      const bodies = Array.from({ length: 32 }, (_, i) => `acknowledged ${i}`)
      const puts = await Promise.all(
        bodies.map((Body, i) =>
          s3.send(new PutObjectCommand({ Bucket: 'group', Key: `k${i}`, Body })),
        ),
      )
      first.kill('SIGKILL')
      await new Promise((r) => first.once('exit', r))
      const second = await startProcess(dir, port)
      children.push(second)
      for (const [i, put] of puts.entries()) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'group', Key: `k${i}` }))
        assert.equal(got.ETag, put.ETag)
        assert.equal(await got.Body?.transformToString(), bodies[i])
      }
      second.kill('SIGTERM')
      await new Promise((r) => second.once('exit', r))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
