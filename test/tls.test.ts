/** Optional TLS: one port, ALPN picks HTTP/2 or HTTP/1.1. */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import http2 from 'node:http2'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

describe('TLS', () => {
  let cloud: Cloud
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'millrace-tls-'))
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        ...['-keyout', key, '-out', cert],
      ],
      { stdio: 'ignore' },
    )
    cloud = await startCloud(['--tls-cert', cert, '--tls-key', key])
  })
  after(async () => {
    await cloud.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves https URLs', () => {
    assert.match(cloud.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers HTTP/1.1 over TLS', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${cloud.url}/_millrace/health`, { rejectUnauthorized: false }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        .on('error', reject)
    })
    assert.equal(status, 200)
  })

  it('answers HTTP/2 over TLS (ALPN h2)', async () => {
    const session = http2.connect(cloud.url, { rejectUnauthorized: false })
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ':path': '/_millrace/health' })
        let data = ''
        stream.setEncoding('utf8')
        stream.on('data', (c: string) => (data += c))
        stream.on('end', () => resolve(data))
        stream.on('error', reject)
      })
      assert.equal(session.alpnProtocol, 'h2')
      assert.equal(JSON.parse(body).status, 'running')
    } finally {
      session.close()
    }
  })
})
