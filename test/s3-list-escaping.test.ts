import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { model } from '../src/gen/s3.js'
import { xmlCodec } from '../src/protocols/rest-xml.js'
import { escapeXml } from '../src/protocols/xml.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

// Keys with XML-special, non-ASCII and control characters come back unchanged through the SDK's
// own XML parsing, with and without encoding-type=url, from every listing writer.
const KEYS = [
  'q"uote\'s',
  'a&b',
  'a<b>c/d&e',
  'ctl\r\n\tx\u0001y',
  'nel\u0085ls\u2028ps\u2029end',
  'ünï/cødé €',
  '日本/語 😀',
].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

/** S3's encoding-type=url is form encoding: space as '+'. */
const urlDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '))

describe('S3 listings escape keys for XML', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'esc' }))
    for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: 'esc', Key, Body: Key }))
  })
  after(() => cloud.stop())

  it('ListObjectsV2 returns every key as stored, and url-encoded on request', async () => {
    const plain = await s3.send(new ListObjectsV2Command({ Bucket: 'esc' }))
    assert.deepEqual(
      plain.Contents?.map((c) => c.Key),
      KEYS,
    )
    assert.ok(plain.Contents?.every((c) => c.ETag?.startsWith('"') && c.ETag.endsWith('"')))
    const encoded = await s3.send(new ListObjectsV2Command({ Bucket: 'esc', EncodingType: 'url' }))
    assert.deepEqual(
      encoded.Contents?.map((c) => urlDecode(c.Key!)),
      KEYS,
    )
    assert.ok(encoded.Contents?.every((c) => /^[\w.~%+*/!'()-]*$/.test(c.Key!)))
  })

  it('prefixes, delimiters, start-after and common prefixes with special characters', async () => {
    const r = await s3.send(
      new ListObjectsV2Command({ Bucket: 'esc', Delimiter: '/', StartAfter: 'a&b' }),
    )
    assert.equal(r.StartAfter, 'a&b')
    assert.deepEqual(
      r.CommonPrefixes?.map((p) => p.Prefix),
      ['a<b>c/', 'ünï/', '日本/'],
    )
    assert.deepEqual(
      r.Contents?.map((c) => c.Key),
      KEYS.filter((k) => k > 'a&b' && !k.includes('/')),
    )
    const p = await s3.send(new ListObjectsV2Command({ Bucket: 'esc', Prefix: 'a<b>c/d&' }))
    assert.equal(p.Prefix, 'a<b>c/d&')
    assert.deepEqual(
      p.Contents?.map((c) => c.Key),
      ['a<b>c/d&e'],
    )
    const u = await s3.send(
      new ListObjectsV2Command({ Bucket: 'esc', Delimiter: '/', EncodingType: 'url' }),
    )
    assert.deepEqual(
      u.CommonPrefixes?.map((c) => urlDecode(c.Prefix!)),
      ['a<b>c/', 'ünï/', '日本/'],
    )
  })

  it('ListObjects (v1) and ListObjectVersions escape the same way', async () => {
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'esc', Marker: 'a' }))
    assert.equal(v1.Marker, 'a')
    assert.deepEqual(
      v1.Contents?.map((c) => c.Key),
      KEYS.filter((k) => k > 'a'),
    )
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'esc' }))
    assert.deepEqual(
      versions.Versions?.map((v) => v.Key),
      KEYS,
    )
    const encoded = await s3.send(
      new ListObjectVersionsCommand({ Bucket: 'esc', EncodingType: 'url' }),
    )
    assert.deepEqual(
      encoded.Versions?.map((v) => urlDecode(v.Key!)),
      KEYS,
    )
  })

  it('listings show storage class and checksums whatever the rest of the metadata says', async () => {
    // A client that adds no checksum: the object's metadata has none.
    const bare = cloud.client(S3Client, { requestChecksumCalculation: 'WHEN_REQUIRED' })
    await bare.send(new CreateBucketCommand({ Bucket: 'meta' }))
    // Metadata names and values that look like the listed members (names are lowercased).
    const tricky = {
      storageclass: 'GLACIER',
      checksums: '{}',
      note: '"checksums":{}"storageClass":',
    }
    await bare.send(new PutObjectCommand({ Bucket: 'meta', Key: 'plain', Body: 'p' }))
    await bare.send(
      new PutObjectCommand({ Bucket: 'meta', Key: 'tricky', Body: 't', Metadata: tricky }),
    )
    await bare.send(
      new PutObjectCommand({ Bucket: 'meta', Key: 'ia', Body: 'i', StorageClass: 'STANDARD_IA' }),
    )
    await s3.send(
      new PutObjectCommand({
        Bucket: 'meta',
        Key: 'summed',
        Body: 's',
        ChecksumAlgorithm: 'SHA256',
      }),
    )
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'meta' }))
    assert.deepEqual(
      r.Contents?.map((c) => [c.Key, c.StorageClass, c.ChecksumAlgorithm, c.ChecksumType]),
      [
        ['ia', 'STANDARD_IA', undefined, undefined],
        ['plain', 'STANDARD', undefined, undefined],
        ['summed', 'STANDARD', ['SHA256'], 'FULL_OBJECT'],
        ['tricky', 'STANDARD', undefined, undefined],
      ],
    )
  })

  it('escapeXml matches the reference escaping for every UTF-16 code unit', () => {
    const reference = (text: string): string =>
      text.replace(
        /[&<>"']|[\r\u0085\u2028]/g,
        (ch) =>
          ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ??
          `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`,
      )
    let all = ''
    for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c)
    assert.equal(escapeXml(all), reference(all))
    for (const s of ['', 'plain', '&', 'x&', '&x', '"quoted"', 'a\rb\u2028c', ...KEYS])
      assert.equal(escapeXml(s), reference(s))
  })

  it('a large listing (sent as bytes) carries the byte length of its multi-byte text', async () => {
    for (let i = 0; i < 40; i++)
      await s3.send(new PutObjectCommand({ Bucket: 'esc', Key: `日本/長い名前-${i}-€`, Body: 'x' }))
    const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
    const res = await fetch(`${cloud.url}/esc?list-type=2&prefix=%E6%97%A5`, {
      headers: {
        'x-amz-date': date,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAWTESTKEY/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    assert.equal(res.status, 200)
    assert.ok(bytes.length > 4096)
    assert.equal(Number(res.headers.get('content-length')), bytes.length)
    const text = bytes.toString('utf8')
    assert.ok(text.endsWith('</ListBucketResult>'))
    assert.equal(text.match(/<Key>/g)?.length, 41)
  })

  it('the model-driven writer (built once per shape) writes ListObjectVersions byte for byte as before', () => {
    // The expected text is what the generic walk wrote before writers were built per shape.
    const input = {
      Name: 'b&c',
      Prefix: 'p<',
      KeyMarker: '',
      MaxKeys: 1000,
      IsTruncated: true,
      NextKeyMarker: 'k"2',
      Versions: [
        {
          Key: 'k\r1 ü',
          VersionId: 'v1',
          IsLatest: true,
          LastModified: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
          ETag: '"e1"',
          Size: 12,
          StorageClass: 'STANDARD',
          ChecksumAlgorithm: ['CRC32', 'SHA256'],
          ChecksumType: 'FULL_OBJECT',
          Owner: { ID: 'o1', DisplayName: 'me' },
        },
      ],
      DeleteMarkers: [
        {
          Key: "k'2",
          VersionId: 'v2',
          IsLatest: false,
          LastModified: new Date(0),
          Owner: { ID: 'o1' },
        },
      ],
      CommonPrefixes: [{ Prefix: 'p</a/' }, { Prefix: 'p</b/' }],
      EncodingType: 'url',
    }
    assert.equal(
      xmlCodec.writeDocument(input, 'ListObjectVersionsOutput', 'ListVersionsResult', model),
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>true</IsTruncated><KeyMarker></KeyMarker><NextKeyMarker>k&quot;2</NextKeyMarker><Version><ETag>&quot;e1&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>SHA256</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType><Size>12</Size><StorageClass>STANDARD</StorageClass><Key>k&#xD;1 ü</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-02T03:04:05.006Z</LastModified><Owner><DisplayName>me</DisplayName><ID>o1</ID></Owner></Version><DeleteMarker><Owner><ID>o1</ID></Owner><Key>k&apos;2</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest><LastModified>1970-01-01T00:00:00.000Z</LastModified></DeleteMarker><Name>b&amp;c</Name><Prefix>p&lt;</Prefix><MaxKeys>1000</MaxKeys><CommonPrefixes><Prefix>p&lt;/a/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>p&lt;/b/</Prefix></CommonPrefixes><EncodingType>url</EncodingType></ListVersionsResult>',
    )
  })
})
