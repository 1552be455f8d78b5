// Shared bench helpers: spawning servers, waiting for readiness, reading server CPU time.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const hasTaskset = spawnSync('taskset', ['-c', '1', 'true']).status === 0
if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)])

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

const tryGet = (port, path) =>
  new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', () => resolve(0))
  })

/** Spawn a server and wait until `path` answers 200; returns the process and the ms it took. */
export const spawnReady = async (cmd, args, port, path = '/') => {
  const t0 = performance.now()
  // Servers run on core 0 and the load generator (this process) on core 1, so a server's
  // throughput is not bounded by the client stealing its core.
  const child = hasTaskset
    ? spawn('taskset', ['-c', '0', cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
    : spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${cmd} ${args.join(' ')} exited ${child.exitCode}`)
    if ((await tryGet(port, path)) === 200) return { child, ms: performance.now() - t0 }
    await new Promise((r) => setTimeout(r, 2))
  }
}

export const stop = (child) =>
  new Promise((resolve) => {
    // A child that ended by a signal has no exit code, only a signal code.
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })

const TICKS_PER_SECOND = 100

/** Process CPU time (user + system) in ms, from /proc/<pid>/stat. */
export const cpuMs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const fmt = (n, digits = 1) => Number(n).toFixed(digits)

export const hasWrk = spawnSync('wrk', ['--version']).error === undefined

const luaString = (s) =>
  `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`

/**
 * Load a server with wrk (C, light enough that one core of client saturates one core of server)
 * and return requests/s, server CPU µs per request and non-2xx count. `request` is
 * { method, path, headers, body }.
 */
export const wrkLoad = (server, request, { seconds = 5, connections = 16 } = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-wrk-'))
  const script = join(dir, 'req.lua')
  const lines = [`wrk.method = ${luaString(request.method ?? 'GET')}`]
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`)
  for (const [k, v] of Object.entries(request.headers ?? {})) {
    if (k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length') {
      lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    }
  }
  writeFileSync(script, `${lines.join('\n')}\n`)
  const cpu0 = cpuMs(server.child.pid)
  const r = spawnSync(
    'wrk',
    [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '-s',
      script,
      `http://127.0.0.1:${server.port}${request.path ?? '/'}`,
    ],
    { encoding: 'utf8' },
  )
  const cpu = cpuMs(server.child.pid) - cpu0
  rmSync(dir, { recursive: true, force: true })
  const total = Number(r.stdout.match(/(\d+) requests in/)?.[1] ?? 0)
  const non2xx = Number(r.stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0)
  const rps = Number(r.stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0)
  return { rps, cpuUsPerReq: total ? (cpu * 1000) / total : Number.NaN, non2xx, total }
}

/**
 * The built server entry point (`npm run build` bundles it), as `npm start` runs it;
 * `MILLRACE_MAIN=<path> node bench/run.mjs …` measures another build.
 */
export const MILLRACE_MAIN = process.env.MILLRACE_MAIN ?? 'dist/bundle/main.js'
