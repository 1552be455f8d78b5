// S3 scenarios: Millrace side by side with s3rver (npm) and a bare node:http server that streams
// the same bytes to and from files (the ceiling). `node bench/s3.mjs [scenario...]` runs them
// alone; `npm run bench` runs them after the others. Servers on core 0, load on core 1 (lib.mjs).
// Millrace runs with --fsync never, as the bare server and s3rver do not fsync either.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'

// The bare server is this file run with `serve-bare`; it must not load lib.mjs, which pins the
// process it is loaded in to the load generator's core.
const isBare =
  process.argv[2] === 'serve-bare' && import.meta.url === pathToFileURL(process.argv[1]).href
const { fmt, freePort, MILLRACE_MAIN, median, spawnReady, stop, wrkLoad } = isBare
  ? {}
  : await import('./lib.mjs')

const MiB = 1024 * 1024
const BUCKET = 'bench'

// ---- the bare ceiling: files for bodies, a sorted in-memory array for listings --------------

/**
 * `hashBodies`: also compute each PUT body's MD5 (the ETag S3 must return), as Millrace does:
 * the ceiling for a server that answers with a real ETag.
 */
const serveBare = (port, dir, hashBodies = false) => {
  const keys = []
  let tmpSeq = 0
  const fileOf = (key) => join(dir, createHash('sha1').update(key).digest('hex'))
  const insert = (key) => {
    let lo = 0
    let hi = keys.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (Buffer.compare(Buffer.from(keys[mid]), Buffer.from(key)) < 0) lo = mid + 1
      else hi = mid
    }
    if (keys[lo] !== key) keys.splice(lo, 0, key)
  }
  const lowerBound = (key) => {
    let lo = 0
    let hi = keys.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (keys[mid] < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const list = (q) => {
    const prefix = q.get('prefix') ?? ''
    const delimiter = q.get('delimiter') ?? ''
    const max = Number(q.get('max-keys') ?? 1000)
    const token = q.get('continuation-token')
    let i = lowerBound(token ?? prefix)
    if (token) while (i < keys.length && keys[i] <= token) i++
    const contents = []
    const prefixes = []
    let last
    let truncated = false
    while (i < keys.length && keys[i].startsWith(prefix)) {
      if (contents.length + prefixes.length === max) {
        truncated = true
        break
      }
      const k = keys[i]
      const at = delimiter ? k.indexOf(delimiter, prefix.length) : -1
      if (at !== -1) {
        const cp = k.slice(0, at + delimiter.length)
        prefixes.push(cp)
        last = `${cp}\uffff`
        i = lowerBound(last)
        continue
      }
      contents.push(k)
      last = k
      i++
    }
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>${BUCKET}</Name><Prefix>${esc(prefix)}</Prefix>` +
      `<KeyCount>${contents.length + prefixes.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      contents
        .map(
          (k) =>
            // An entry as long as S3's (and Millrace's): a quoted 32-digit ETag, escaped as S3
            // escapes it, so both sides send documents of the same size.
            `<Contents><Key>${esc(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;9dd4e461268c8034f5c8564e155c67a6&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('') +
      prefixes.map((p) => `<CommonPrefixes><Prefix>${esc(p)}</Prefix></CommonPrefixes>`).join('') +
      (truncated ? `<NextContinuationToken>${esc(last)}</NextContinuationToken>` : '') +
      '</ListBucketResult>'
    )
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    const key = decodeURIComponent(url.pathname.slice(BUCKET.length + 2))
    try {
      if (req.method === 'PUT' && key) {
        const tmp = join(dir, `tmp-${tmpSeq++}`)
        const md5 = hashBodies ? createHash('md5') : undefined
        if (md5) req.on('data', (chunk) => md5.update(chunk))
        await pipeline(req, createWriteStream(tmp))
        await rename(tmp, fileOf(key))
        insert(key)
        res.writeHead(200, { etag: `"${md5 ? md5.digest('hex') : '0'}"`, 'content-length': 0 })
        return res.end()
      }
      if (req.method === 'GET' && key) {
        const file = fileOf(key)
        const { size } = await stat(file)
        res.writeHead(200, { 'content-length': size, etag: '"0"' })
        return pipeline(createReadStream(file), res).catch(() => {})
      }
      if (req.method === 'GET' && url.pathname === `/${BUCKET}`) {
        const body = list(url.searchParams)
        res.writeHead(200, {
          'content-type': 'application/xml',
          'content-length': Buffer.byteLength(body),
        })
        return res.end(body)
      }
      req.resume()
      res.writeHead(200, { 'content-length': 0 })
      res.end()
    } catch {
      res.writeHead(500)
      res.end()
    }
  })
  server.listen(port, '127.0.0.1')
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}

// ---- servers --------------------------------------------------------------------------------

/** SigV4-shaped headers with a key Millrace does not know: local mode treats it as the root, unverified. */
const fakeAuth = () => {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  return {
    'x-amz-date': date,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDBENCH/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  }
}

const startServer = async (kind, dataDir) => {
  const port = await freePort()
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), `s3bench-${kind}-`))
  let server
  if (kind === 'millrace') {
    const args = [MILLRACE_MAIN, 'start', '--log-level', 'warn', '--fsync', 'never']
    server = await spawnReady(
      process.execPath,
      [...args, '--port', String(port), '--data-dir', dir],
      port,
      '/_millrace/health',
    )
  } else if (kind === 's3rver') {
    const args = [
      'node_modules/s3rver/bin/s3rver.js',
      '-d',
      dir,
      '-p',
      String(port),
      '-a',
      '127.0.0.1',
      '--silent',
    ]
    server = await spawnReady(process.execPath, args, port, '/')
  } else {
    server = await spawnReady(
      process.execPath,
      ['bench/s3.mjs', 'serve-bare', String(port), dir, ...(kind === 'bare-md5' ? ['md5'] : [])],
      port,
      `/${BUCKET}`,
    )
  }
  const headers = () => (kind === 'millrace' ? fakeAuth() : {})
  const s = {
    ...server,
    kind,
    port,
    headers,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
  await request(s, 'PUT', `/${BUCKET}`, Buffer.alloc(0))
  return s
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })

/** One request; `body` a Buffer or an async iterable of Buffers with `length` given. */
const request = (server, method, path, body, length) =>
  new Promise((resolve, reject) => {
    const headers = { ...server.headers() }
    if (body !== undefined) headers['content-length'] = length ?? body.length
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method, path, headers, agent },
      (res) => {
        let bytes = 0
        const chunks = []
        res.on('data', (c) => {
          bytes += c.length
          if (chunks.length < 64) chunks.push(c)
        })
        res.on('end', () => {
          if (res.statusCode >= 300)
            reject(
              new Error(
                `${server.kind} ${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`,
              ),
            )
          else resolve({ bytes, text: Buffer.concat(chunks).toString() })
        })
      },
    )
    req.on('error', reject)
    if (body === undefined) req.end()
    else if (Buffer.isBuffer(body)) req.end(body)
    else pipeline(body, req).catch(reject)
  })

const rssKb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)

async function* repeated(chunk, total) {
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk
}

// ---- scenarios ------------------------------------------------------------------------------

const small = async (report) => {
  const body = 'x'.repeat(1024)
  const rows = {}
  for (const kind of ['bare', 's3rver', 'millrace']) {
    const s = await startServer(kind)
    try {
      const put = wrkLoad(s, {
        method: 'PUT',
        path: `/${BUCKET}/small`,
        headers: s.headers(),
        body,
      })
      const get = wrkLoad(s, { method: 'GET', path: `/${BUCKET}/small`, headers: s.headers() })
      rows[kind] = { put, get }
    } finally {
      await stop(s.child)
      s.cleanup()
    }
  }
  for (const op of ['put', 'get']) {
    const m = rows.millrace[op]
    const r = rows.s3rver[op]
    const b = rows.bare[op]
    report(
      `S3 1 KiB ${op.toUpperCase()} c=16: millrace ${fmt(m.rps, 0)} ops/s (${fmt(m.cpuUsPerReq)} µs CPU/op, non-2xx ${m.non2xx})` +
        ` = ${fmt(m.rps / r.rps, 2)}× s3rver (${fmt(r.rps, 0)} ops/s, ${fmt(r.cpuUsPerReq)} µs CPU/op, non-2xx ${r.non2xx})` +
        ` = ${fmt((100 * m.rps) / b.rps, 0)}% of bare (${fmt(b.rps, 0)} ops/s, ${fmt(b.cpuUsPerReq)} µs CPU/op) [targets ≥ 4× s3rver, ≥ 40% bare]`,
    )
  }
}

const large = async (report) => {
  const size = 64 * MiB
  const chunk = Buffer.alloc(MiB, 7)
  const reps = 7
  const kinds = ['bare', 'bare-md5', 's3rver', 'millrace']
  // All servers run side by side (idle while another is measured) and each rep goes round them
  // all, as the listing bench does: a slow spell of the machine falls on every server alike.
  const servers = {}
  const times = Object.fromEntries(kinds.map((kind) => [kind, { put: [], get: [] }]))
  const rows = {}
  try {
    for (const kind of kinds) servers[kind] = await startServer(kind)
    for (let i = 0; i < reps; i++)
      for (const kind of kinds) {
        const s = servers[kind]
        let t = performance.now()
        await request(s, 'PUT', `/${BUCKET}/large`, repeated(chunk, size), size)
        times[kind].put.push(size / MiB / ((performance.now() - t) / 1000))
        t = performance.now()
        const r = await request(s, 'GET', `/${BUCKET}/large`)
        if (r.bytes !== size) throw new Error(`${kind} GET returned ${r.bytes} bytes`)
        times[kind].get.push(size / MiB / ((performance.now() - t) / 1000))
      }
    for (const kind of kinds)
      rows[kind] = { put: median(times[kind].put), get: median(times[kind].get) }
    const m = servers.millrace
    const before = rssKb(m.child.pid)
    let peak = before
    const timer = setInterval(() => {
      peak = Math.max(peak, rssKb(m.child.pid))
    }, 20)
    await request(m, 'PUT', `/${BUCKET}/gib`, repeated(chunk, 1024 * MiB), 1024 * MiB)
    clearInterval(timer)
    rows.rss = (peak - before) / 1024
  } finally {
    for (const s of Object.values(servers)) {
      await stop(s.child)
      s.cleanup()
    }
  }
  const pct = (op, ceiling) => fmt((100 * rows.millrace[op]) / rows[ceiling][op], 0)
  report(
    `S3 64 MiB PUT (median of ${reps}): millrace ${fmt(rows.millrace.put, 0)} MiB/s = ${pct('put', 'bare')}% of bare ` +
      `(${fmt(rows.bare.put, 0)} MiB/s), ${pct('put', 'bare-md5')}% of bare computing the MD5 ETag (${fmt(rows['bare-md5'].put, 0)} MiB/s); ` +
      `s3rver ${fmt(rows.s3rver.put, 0)} MiB/s [target ≥ 80% bare]`,
  )
  report(
    `S3 64 MiB GET (median of ${reps}): millrace ${fmt(rows.millrace.get, 0)} MiB/s = ${pct('get', 'bare')}% of bare ` +
      `(${fmt(rows.bare.get, 0)} MiB/s); s3rver ${fmt(rows.s3rver.get, 0)} MiB/s [target ≥ 80% bare]`,
  )
  report(`S3 1 GiB PUT: millrace RSS growth ${fmt(rows.rss, 1)} MiB [target < 64 MiB]`)
}

const keyOf = (i) => `d${String(i % 100).padStart(2, '0')}/k${String(i).padStart(5, '0')}`

const populate = async (s, n) => {
  const one = Buffer.from('x')
  let next = 0
  const worker = async () => {
    while (next < n) await request(s, 'PUT', `/${BUCKET}/${keyOf(next++)}`, one)
  }
  await Promise.all(Array.from({ length: 16 }, worker))
}

// Steady state, as a long-running server answers: each case runs `reps` times unmeasured first
// (both servers), so the figure is not the JIT compiling the listing path on its first calls.
const timeList = async (s, query, reps) => {
  const times = []
  for (let i = 0; i < 2 * reps; i++) {
    const t = performance.now()
    let token
    do {
      const q = new URLSearchParams({
        'list-type': '2',
        ...query,
        ...(token ? { 'continuation-token': token } : {}),
      })
      const r = await request(s, 'GET', `/${BUCKET}?${q}`)
      token = /<NextContinuationToken>([^<]*)</.exec(
        r.text.length < 4096 ? r.text : r.text.slice(-4096),
      )?.[1]
      token = token?.replace(/&amp;/g, '&').replace(/&lt;/g, '<')
    } while (token)
    if (i >= reps) times.push(performance.now() - t)
  }
  return median(times)
}

const listing = async (report) => {
  const cases = {
    'delimiter / at root (100 common prefixes)': [{ delimiter: '/' }, 500],
    'one prefix (100 keys)': [{ prefix: 'd42/' }, 500],
    'all 10,000 keys paged (10 pages)': [{}, 20],
  }
  // Both servers run side by side (idle while the other is measured) and each case alternates
  // between them round by round: a slow spell of this shared machine falls on both, not on
  // whichever server happened to run then. Figures are medians over all rounds.
  const kinds = ['bare', 'millrace']
  const servers = {}
  const times = Object.fromEntries(
    kinds.map((kind) => [kind, Object.fromEntries(Object.keys(cases).map((name) => [name, []]))]),
  )
  try {
    for (const kind of kinds) {
      servers[kind] = await startServer(kind)
      await populate(servers[kind], 10_000)
    }
    const rounds = 5
    for (const [name, [q, reps]] of Object.entries(cases))
      for (let round = 0; round < rounds; round++)
        for (const kind of kinds)
          times[kind][name].push(await timeList(servers[kind], q, Math.ceil(reps / rounds)))
  } finally {
    for (const s of Object.values(servers)) {
      await stop(s.child)
      s.cleanup()
    }
  }
  for (const name of Object.keys(cases)) {
    const m = median(times.millrace[name])
    const b = median(times.bare[name])
    report(
      `S3 ListObjectsV2 over 10,000 keys, ${name}: millrace ${fmt(m, 2)} ms, bare sorted array ${fmt(b, 2)} ms = ${fmt(m / b, 2)}× [target ≤ 3×]`,
    )
  }
}

const million = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 's3bench-million-'))
  const { openDataDir } = await import(
    pathToFileURL(join(process.cwd(), 'dist/src/storage/data-dir.js')).href
  )
  const { openS3Store } = await import(
    pathToFileURL(join(process.cwd(), 'dist/src/services/s3/store.js')).href
  )
  const dd = await openDataDir(dir, { version: 'bench', fsync: 'never' })
  const store = openS3Store(dd.metadata)
  store.createBucket({
    name: BUCKET,
    account: '000000000000',
    region: 'us-east-1',
    createdAt: Date.now(),
    versioning: undefined,
    config: {},
  })
  // Bulk rows straight into the store's table (same schema the service writes); bodies are not
  // needed for listing.
  const t0 = performance.now()
  const meta = JSON.stringify({ headers: {}, userMetadata: {}, checksums: {} })
  const sql =
    'INSERT INTO s3_objects (bucket, key, seq, version_id, is_latest, is_delete_marker, size, etag, last_modified, blobs, meta) VALUES (?,?,?,?,1,0,1,?,?,?,?)'
  const total = 1_000_000
  for (let start = 0; start < total; start += 50_000) {
    dd.metadata.transaction(() => {
      for (let i = start; i < start + 50_000; i++) {
        const key =
          i < 1000 ? `hot/k${String(i).padStart(4, '0')}` : `cold/${String(i).padStart(7, '0')}`
        dd.metadata.run(sql, [
          BUCKET,
          key,
          i + 1,
          'null',
          'd41d8cd98f00b204e9800998ecf8427e',
          Date.now(),
          '[]',
          meta,
        ])
      }
    })
  }
  const loadMs = performance.now() - t0
  await dd.close()
  const s = await startServer('millrace', dir)
  try {
    const first = await timeList(s, { prefix: 'hot/' }, 1)
    const hot = await timeList(s, { prefix: 'hot/' }, 20)
    const root = await timeList(s, { delimiter: '/' }, 20)
    report(
      `S3 ListObjectsV2 of 1,000 keys under one prefix in a 1,000,000-key bucket: ${fmt(hot, 2)} ms (median of 20; first ${fmt(first, 2)} ms); ` +
        `delimiter / at root: ${fmt(root, 2)} ms (rows loaded in ${fmt(loadMs / 1000, 1)} s)`,
    )
  } finally {
    await stop(s.child)
    s.cleanup()
  }
}

/** The scenarios for bench/run.mjs, reporting through its `report`. */
export const s3Scenarios = (report) => ({
  s3Small: () => small(report),
  s3Large: () => large(report),
  s3List: () => listing(report),
  s3Million: () => million(report),
})

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (isBare) serveBare(Number(process.argv[3]), process.argv[4], process.argv[5] === 'md5')
  else {
    const only = process.argv.slice(2)
    for (const [name, run] of Object.entries(s3Scenarios(console.log))) {
      if (only.length && !only.includes(name)) continue
      await run()
    }
    agent.destroy()
  }
}
