import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { crc32 } from 'node:zlib'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const crc32b64 = (s: string): string => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(crc32(s) >>> 0)
  return b.toString('base64')
}

const XML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
}
const unescapeXml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!)

const codeAndMessage = (xml: string): [string, string] => [
  /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? '',
  unescapeXml(/<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? ''),
]

/**
 * SigV4-shaped headers for raw requests: an unknown key acts as the account root in local mode
 * (only its structure is checked), and unsigned requests would be anonymous (denied by IAM).
 */
const auth = (): string => {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  return (
    `x-amz-date: ${date}\r\n` +
    `Authorization: AWS4-HMAC-SHA256 Credential=AKIDRAWTESTKEY/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}\r\n`
  )
}

/** Raw request over a socket: sends head (+ optional body), returns status and body text. */
const rawRequest = (
  port: number,
  head: string,
  body = '',
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(head + body))
    let buf = ''
    sock.on('data', (d) => {
      buf += d.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end === -1) return
      const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0)
      if (buf.length >= end + 4 + len) {
        sock.destroy()
        resolve({ status: Number(buf.slice(9, 12)), text: buf.slice(end + 4, end + 4 + len) })
      }
    })
    sock.on('error', reject)
  })

describe('S3 bad input', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'bad' }))
  })
  after(() => cloud.stop())

  const chunked = (payload: string, trailer: string) =>
    `${payload.length.toString(16)}\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`

  const chunkedPut = (key: string, payload: string, trailer: string) => {
    const body = chunked(payload, trailer)
    return rawRequest(
      cloud.port,
      `PUT /bad/${key} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Encoding: aws-chunked\r\n` +
        'x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nx-amz-trailer: x-amz-checksum-crc32\r\n' +
        `x-amz-decoded-content-length: ${payload.length}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body,
    )
  }

  it('accepts an aws-chunked body whose trailer checksum matches', async () => {
    const r = await chunkedPut('ok', 'chunked body', crc32b64('chunked body'))
    assert.equal(r.status, 200)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'bad', Key: 'ok', ChecksumMode: 'ENABLED' }),
    )
    assert.equal(await got.Body?.transformToString(), 'chunked body')
    assert.equal(got.ChecksumCRC32, crc32b64('chunked body'))
  })

  it('refuses a wrong checksum trailer and stores nothing', async () => {
    const r = await chunkedPut('wrong', 'chunked body', crc32b64('other body'))
    assert.equal(r.status, 400)
    assert.deepEqual(codeAndMessage(r.text), [
      'BadDigest',
      'The CRC32 you specified did not match the calculated checksum.',
    ])
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'bad', Prefix: 'wrong' }))
    assert.equal(list.KeyCount, 0)
  })

  it('refuses a wrong x-amz-checksum-crc32 header', async () => {
    await assert.rejects(
      s3.send(
        new PutObjectCommand({
          Bucket: 'bad',
          Key: 'h',
          Body: 'abc',
          ChecksumCRC32: crc32b64('abd'),
        }),
      ),
      (e: Error) => {
        assert.equal(e.name, 'BadDigest')
        assert.equal(e.message, 'The CRC32 you specified did not match the calculated checksum.')
        return true
      },
    )
  })

  it('answers InvalidURI for a key whose escapes do not decode, and stores nothing', async () => {
    for (const key of ['bad%zzkey', '%ED%A0%80', 'half%E2%82', 'pct%']) {
      const r = await rawRequest(
        cloud.port,
        `PUT /bad/${key} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Length: 1\r\nConnection: close\r\n\r\n`,
        'x',
      )
      assert.equal(r.status, 400, key)
      assert.deepEqual(codeAndMessage(r.text), ['InvalidURI', "Couldn't parse the specified URI."])
    }
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'bad' }))
    assert.deepEqual(
      (list.Contents ?? []).map((c) => c.Key).filter((k) => k?.includes('%')),
      [],
    )
    // A literal percent sign, sent escaped as the SDKs do, is an ordinary key character.
    await s3.send(new PutObjectCommand({ Bucket: 'bad', Key: '100%ED', Body: 'p' }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bad', Key: '100%ED' }))
    assert.equal(await got.Body?.transformToString(), 'p')
  })

  it('refuses malformed XML', async () => {
    const body = '<Delete><Object><Key>a</Key></Object'
    const r = await rawRequest(
      cloud.port,
      `POST /bad?delete HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Type: application/xml\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body,
    )
    assert.equal(r.status, 400)
    assert.deepEqual(codeAndMessage(r.text), [
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    ])
  })

  it('refuses a single PUT claiming more than 5 GiB without reading it', async () => {
    const r = await rawRequest(
      cloud.port,
      `PUT /bad/huge HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Length: ${5 * 1024 ** 3 + 1}\r\nConnection: close\r\n\r\n`,
      'some bytes',
    )
    assert.equal(r.status, 400)
    assert.deepEqual(codeAndMessage(r.text), [
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed size',
    ])
  })

  it('refuses invalid bucket names', async () => {
    for (const name of ['a..b', 'UPPER', 'ab', `${'a'.repeat(64)}`, '192.168.1.1', '-ab']) {
      const r = await rawRequest(
        cloud.port,
        `PUT /${name} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth()}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      )
      assert.equal(r.status, 400, name)
      assert.deepEqual(
        codeAndMessage(r.text),
        ['InvalidBucketName', 'The specified bucket is not valid.'],
        name,
      )
    }
  })

  it('stores keys with .., / and NUL as plain keys, never as paths', async () => {
    const keys = ['../../escape', '/leading', 'a/../b', 'nul\u0000byte']
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'bad', Key, Body: Key }))
    for (const Key of keys) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bad', Key }))
      assert.equal(await got.Body?.transformToString(), Key)
    }
    // Blob files are named by 32-hex internal ids only, one fan-out level down.
    const top = await readdir(join(cloud.dataDir, 'objects'))
    for (const d of top) assert.match(d, /^[0-9a-f]{2}$/)
    assert.deepEqual(
      (await readdir(cloud.dataDir)).filter((n) => n.includes('escape')),
      [],
    )
  })

  it('answers InvalidRange for a range past the end of an empty object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bad', Key: 'empty', Body: '' }))
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: 'bad', Key: 'empty', Range: 'bytes=0-1' })),
      (e: Error) => {
        assert.equal(e.name, 'InvalidRange')
        assert.equal(e.message, 'The requested range is not satisfiable')
        return true
      },
    )
    const whole = await s3.send(new GetObjectCommand({ Bucket: 'bad', Key: 'empty' }))
    assert.equal(await whole.Body?.transformToString(), '')
  })
})
