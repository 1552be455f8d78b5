/** The `millrace` command line as a user runs it: a real child process. */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

const MAIN = join(import.meta.dirname, '..', 'src', 'cli', 'main.ts')
/** What `npm start` and the `millrace` bin run (`npm run build`, part of `npm test`, makes it). */
const BUNDLE = join(import.meta.dirname, '..', 'dist', 'bundle', 'main.js')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const spawnCli = (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawnCli(args, env)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (c: Buffer) => (stdout += c))
    child.stderr?.on('data', (c: Buffer) => (stderr += c))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })

/** Resolves with the first stdout line once the server says it is listening. */
const waitForReady = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c
      const line = out.split('\n').find((l) => l.startsWith('Millrace listening on '))
      if (line) resolve(line)
    })
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)))
  })

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

describe('millrace CLI', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'millrace-cli-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('--help lists the commands and every option with its env variable', async () => {
    const r = await run(['--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /millrace start \[options\]/)
    assert.match(r.stdout, /--data-dir <string>.*MILLRACE_DATA_DIR/)
    assert.match(r.stdout, /--auth <v>.*\(local\|sigv4\)/)
  })

  it('--version prints the package version', async () => {
    const r = await run(['--version'])
    assert.equal(r.code, 0)
    assert.equal(r.stdout.trim(), '0.1.0')
  })

  it('an unknown flag exits 2 naming the flag', async () => {
    const r = await run(['start', '--prot', '1'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown flag --prot/)
  })

  it('a bad value exits 2 naming the flag', async () => {
    const r = await run(['start', '--port', 'abc'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--port expects a non-negative integer, got 'abc'/)
    const e = await run(['start'], { MILLRACE_AUTH: 'open' })
    assert.equal(e.code, 2)
    assert.match(e.stderr, /MILLRACE_AUTH must be one of local, sigv4, got 'open'/)
  })

  it('a non-loopback host needs --auth sigv4 or --insecure', async () => {
    const r = await run(['start', '--host', '0.0.0.0', '--data-dir', join(dir, 'x')])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--host 0\.0\.0\.0 is not a loopback address/)
  })

  it('--auth sigv4 without keys exits 2', async () => {
    const r = await run(['start', '--auth', 'sigv4', '--data-dir', join(dir, 'y')])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--auth sigv4 needs known keys/)
  })

  it('a port in use exits 1 with a message', async () => {
    const blocker = net.createServer()
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    )
    try {
      const r = await run(['start', '--port', String(port), '--data-dir', join(dir, 'busy')])
      assert.equal(r.code, 1)
      assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`))
    } finally {
      blocker.close()
    }
  })

  it('a data dir from a newer Millrace is refused with a clear message', async () => {
    const newer = join(dir, 'newer')
    const first = await run(['--version'])
    assert.equal(first.code, 0)
    await import('node:fs/promises').then((fs) => fs.mkdir(newer, { recursive: true }))
    await writeFile(
      join(newer, 'millrace.json'),
      JSON.stringify({ format: 99, createdBy: '9.9.9' }),
    )
    const port = await freePort()
    const r = await run(['start', '--port', String(port), '--data-dir', newer])
    assert.equal(r.code, 1)
    assert.match(
      r.stderr,
      /was written by Millrace format 99 \(version 9\.9\.9\).*upgrade Millrace/,
    )
  })

  it('the built bundle (npm start, the millrace bin) starts and serves', async () => {
    const port = await freePort()
    const child = spawn(
      process.execPath,
      [BUNDLE, 'start', '--port', String(port), '--data-dir', join(dir, 'bundle')],
      {
        env: { ...process.env, MILLRACE_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    assert.equal(await waitForReady(child), `Millrace listening on http://127.0.0.1:${port}`)
    const status = await new Promise<number>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port, path: '/_millrace/health' }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        .on('error', reject),
    )
    assert.equal(status, 200)
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    child.kill('SIGINT')
    assert.equal(await exited, 0)
  })

  it('starts from env settings, prints the ready line, serves, and stops gracefully on SIGTERM with in-flight requests finished', async () => {
    const port = await freePort()
    const child = spawnCli(['start'], {
      MILLRACE_PORT: String(port),
      MILLRACE_DATA_DIR: join(dir, 'live'),
      MILLRACE_LOG_LEVEL: 'silent',
    })
    const line = await waitForReady(child)
    assert.equal(line, `Millrace listening on http://127.0.0.1:${port}`)

    // An in-flight request: its body is still arriving when SIGTERM lands.
    const body = 'Action=GetCallerIdentity&Version=2011-06-15'
    const slow = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
            authorization: `AWS4-HMAC-SHA256 Credential=AKIDANY/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      req.write(body.slice(0, 10))
      setTimeout(() => {
        child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(10)), 200)
      }, 100)
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    assert.equal(await slow, 200)
    assert.equal(await exited, 0)
  })
})
