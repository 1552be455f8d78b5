import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { model as s3 } from '../gen/s3.js'
import { AwsError } from '../server/errors.js'
import { type Handle, inProcess } from '../testing/protocol-loopback.js'
import { readStream, routeRequest } from './http-bindings.js'
import type { WireRequest } from './protocol.js'
import { toPathStyle } from './quirks/s3.js'
import { restXml } from './rest-xml.js'
import { bucketFromHost } from './uri.js'

const client = (handle: Handle) =>
  new S3Client({
    region: 'us-east-1',
    endpoint: 'http://localhost:1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    // Flexible checksums would switch streaming uploads to aws-chunked, which the server decodes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: inProcess(restXml, s3, handle),
  })

const wire = (
  method: string,
  path: string,
  rawQuery = '',
  headers: Record<string, string> = {},
): WireRequest => ({
  method,
  path,
  rawQuery,
  headers,
  host: 'localhost',
  body: Buffer.alloc(0),
})

describe('restXml with the S3 SDK', () => {
  it('PutObject: headers, metadata and a streaming body', async () => {
    let seen: Record<string, unknown> = {}
    let bytes = ''
    const s3c = client(async (op, input) => {
      assert.equal(op.name, 'PutObject')
      seen = input
      bytes = (await readStream(input.Body as Readable)).toString()
      return { ETag: '"abc"', VersionId: 'v1' }
    })
    const out = await s3c.send(
      new PutObjectCommand({
        Bucket: 'b1',
        Key: 'data/raw/a b+c.json',
        Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]),
        ContentLength: 11,
        ContentType: 'application/json',
        Metadata: { source: 'test', Mixed: 'Yes' },
        Expires: new Date('2030-01-02T03:04:05Z'),
      }),
    )
    assert.equal(seen.Bucket, 'b1')
    assert.equal(seen.Key, 'data/raw/a b+c.json')
    assert.equal(seen.ContentType, 'application/json')
    assert.equal(seen.ContentLength, 11)
    assert.deepEqual(seen.Metadata, { source: 'test', mixed: 'Yes' })
    assert.deepEqual(seen.Expires, new Date('2030-01-02T03:04:05Z'))
    assert.equal(bytes, 'hello world')
    assert.equal(out.ETag, '"abc"')
    assert.equal(out.VersionId, 'v1')
  })

  it('GetObject: Range header in, headers and streaming body out', async () => {
    const s3c = client((op, input) => {
      assert.equal(op.name, 'GetObject')
      assert.equal(input.Range, 'bytes=0-4')
      assert.equal(input.ResponseContentType, 'text/plain')
      return {
        Body: Readable.from([Buffer.from('hello')]),
        ContentLength: 5,
        ContentRange: 'bytes 0-4/11',
        ContentType: 'text/plain',
        ETag: '"abc"',
        LastModified: new Date('2025-01-01T00:00:00Z'),
        Metadata: { source: 'test' },
        AcceptRanges: 'bytes',
        DeleteMarker: false,
      }
    })
    const out = await s3c.send(
      new GetObjectCommand({
        Bucket: 'b1',
        Key: 'k/1',
        Range: 'bytes=0-4',
        ResponseContentType: 'text/plain',
      }),
    )
    assert.equal(await out.Body?.transformToString(), 'hello')
    assert.equal(out.ContentLength, 5)
    assert.equal(out.ContentRange, 'bytes 0-4/11')
    assert.equal(out.ContentType, 'text/plain')
    assert.deepEqual(out.LastModified, new Date('2025-01-01T00:00:00Z'))
    assert.deepEqual(out.Metadata, { source: 'test' })
    assert.equal(out.DeleteMarker, false)
  })

  it('ListObjectsV2: query members in, ListBucketResult with lists and timestamps out', async () => {
    const s3c = client((op, input) => {
      assert.equal(op.name, 'ListObjectsV2')
      assert.deepEqual(input, { Bucket: 'b1', Prefix: 'data/', Delimiter: '/', MaxKeys: 2 })
      return {
        Name: 'b1',
        Prefix: 'data/',
        Delimiter: '/',
        MaxKeys: 2,
        KeyCount: 3,
        IsTruncated: false,
        Contents: [
          {
            Key: 'data/a.json',
            LastModified: new Date('2025-01-01T00:00:00Z'),
            ETag: '"e1"',
            Size: 10,
            StorageClass: 'STANDARD',
          },
          {
            Key: 'data/<&>.json',
            LastModified: new Date('2025-01-02T00:00:00.123Z'),
            ETag: '"e2"',
            Size: 0,
          },
        ],
        CommonPrefixes: [{ Prefix: 'data/raw/' }, { Prefix: 'data/ref/' }],
      }
    })
    const out = await s3c.send(
      new ListObjectsV2Command({ Bucket: 'b1', Prefix: 'data/', Delimiter: '/', MaxKeys: 2 }),
    )
    assert.equal(out.Name, 'b1')
    assert.equal(out.KeyCount, 3)
    assert.equal(out.IsTruncated, false)
    assert.equal(out.Contents?.length, 2)
    assert.equal(out.Contents?.[1]?.Key, 'data/<&>.json')
    assert.deepEqual(out.Contents?.[0]?.LastModified, new Date('2025-01-01T00:00:00Z'))
    assert.deepEqual(out.Contents?.[1]?.LastModified, new Date('2025-01-02T00:00:00.123Z'))
    assert.equal(out.Contents?.[0]?.Size, 10)
    assert.deepEqual(out.CommonPrefixes, [{ Prefix: 'data/raw/' }, { Prefix: 'data/ref/' }])
  })

  it('writes ListBucketResult with the namespace and millisecond date-times', () => {
    const op = s3.operations.ListObjectsV2!
    const res = restXml.serialize(
      {
        Name: 'b',
        Contents: [{ Key: 'k', LastModified: new Date('2025-01-01T00:00:00Z') }],
        IsTruncated: true,
      },
      op,
      { requestId: 'r', service: s3 },
    )
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'application/xml')
    assert.equal(res.headers['x-amz-request-id'], 'r')
    assert.equal(
      res.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<IsTruncated>true</IsTruncated><Contents><Key>k</Key><LastModified>2025-01-01T00:00:00.000Z</LastModified></Contents>' +
        '<Name>b</Name></ListBucketResult>',
    )
  })

  it('DeleteObjects: XML body with a flattened list', async () => {
    const s3c = client((op, input) => {
      assert.equal(op.name, 'DeleteObjects')
      assert.deepEqual(input.Delete, {
        Objects: [{ Key: 'a' }, { Key: ' b&c ', VersionId: 'v' }],
        Quiet: false,
      })
      return {
        Deleted: [{ Key: 'a' }],
        Errors: [{ Key: ' b&c ', Code: 'AccessDenied', Message: 'Access Denied' }],
      }
    })
    const out = await s3c.send(
      new DeleteObjectsCommand({
        Bucket: 'b1',
        Delete: { Objects: [{ Key: 'a' }, { Key: ' b&c ', VersionId: 'v' }], Quiet: false },
      }),
    )
    assert.deepEqual(out.Deleted, [{ Key: 'a' }])
    assert.equal(out.Errors?.[0]?.Key, ' b&c ')
    assert.equal(out.Errors?.[0]?.Code, 'AccessDenied')
  })

  it('CreateBucket: LocationConstraint payload, Location header out', async () => {
    const s3c = client((op, input) => {
      assert.equal(op.name, 'CreateBucket')
      assert.equal(input.Bucket, 'b2')
      assert.deepEqual(input.CreateBucketConfiguration, { LocationConstraint: 'eu-west-1' })
      return { Location: '/b2' }
    })
    const out = await s3c.send(
      new CreateBucketCommand({
        Bucket: 'b2',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    assert.equal(out.Location, '/b2')
  })

  it('GetBucketLocation: unwrapped output', async () => {
    const s3c = client(() => ({ LocationConstraint: 'eu-west-1' }))
    const out = await s3c.send(new GetBucketLocationCommand({ Bucket: 'b2' }))
    assert.equal(out.LocationConstraint, 'eu-west-1')
  })

  it('errors: NoSuchKey with its message, Key and request id', async () => {
    const s3c = client(() => {
      throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'missing' })
    })
    const err = await s3c
      .send(new GetObjectCommand({ Bucket: 'b1', Key: 'missing' }))
      .catch((e: unknown) => e)
    assert.ok(err instanceof NoSuchKey)
    assert.equal(err.message, 'The specified key does not exist.')
    assert.equal(err.$metadata.httpStatusCode, 404)
    assert.equal(err.$metadata.requestId, 'req-1')
    const res = restXml.serializeError(
      new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'a<b' }),
      { requestId: 'r', service: s3 },
      s3.operations.GetObject,
    )
    assert.equal(
      res.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        `<Key>a&lt;b</Key><RequestId>r</RequestId><HostId>${res.headers['x-amz-id-2']}</HostId></Error>`,
    )
  })

  it('HEAD errors have no body', async () => {
    const s3c = client(() => {
      throw new AwsError('NotFound', 'Not Found', 404)
    })
    const err = await s3c
      .send(new HeadObjectCommand({ Bucket: 'b1', Key: 'k' }))
      .catch((e: unknown) => e)
    assert.ok(err instanceof S3ServiceException)
    assert.equal(err.name, 'NotFound')
    const res = restXml.serializeError(
      new AwsError('NotFound', 'Not Found', 404),
      { requestId: 'r', service: s3 },
      s3.operations.HeadObject,
    )
    assert.equal(res.body, undefined)
    assert.equal(res.headers['x-amz-request-id'], 'r')
  })

  it('malformed XML → MalformedXML', async () => {
    const op = s3.operations.DeleteObjects!
    const req = {
      ...wire('POST', '/b1', 'delete'),
      body: Buffer.from('<Delete><Object><Key>a</Key></Delete>'),
    }
    assert.equal(restXml.resolveOperation(req, s3)?.name, 'DeleteObjects')
    await assert.rejects(
      async () => restXml.parse(req, op, s3),
      (e: unknown) => {
        assert.ok(e instanceof AwsError)
        assert.equal(e.code, 'MalformedXML')
        assert.equal(e.status, 400)
        assert.equal(
          e.message,
          'The XML you provided was not well-formed or did not validate against our published schema',
        )
        return true
      },
    )
  })
})

describe('S3 routing', () => {
  const route = (method: string, path: string, query = '', headers: Record<string, string> = {}) =>
    restXml.resolveOperation(wire(method, path, query, headers), s3)?.name

  it('picks the most specific operation on one path', () => {
    assert.equal(route('GET', '/'), 'ListBuckets')
    assert.equal(route('GET', '/b'), 'ListObjects')
    assert.equal(route('GET', '/b/'), 'ListObjects')
    assert.equal(route('GET', '/b', 'list-type=2&prefix=x'), 'ListObjectsV2')
    assert.equal(route('GET', '/b', 'location'), 'GetBucketLocation')
    assert.equal(route('GET', '/b', 'foo=bar'), 'ListObjects')
    assert.equal(route('PUT', '/b'), 'CreateBucket')
    assert.equal(route('HEAD', '/b'), 'HeadBucket')
    assert.equal(route('GET', '/b/k/x'), 'GetObject')
    assert.equal(route('GET', '/b/k', 'x-id=GetObject'), 'GetObject')
    assert.equal(route('GET', '/b/k', 'uploadId=u'), 'ListParts')
    assert.equal(route('GET', '/b/k', 'tagging'), 'GetObjectTagging')
    assert.equal(route('GET', '/b/k', 'acl'), 'GetObjectAcl')
    assert.equal(route('PUT', '/b/k'), 'PutObject')
    assert.equal(route('PUT', '/b/k', '', { 'x-amz-copy-source': '/a/b' }), 'CopyObject')
    assert.equal(route('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart')
    assert.equal(
      route('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': '/a/b' }),
      'UploadPartCopy',
    )
    assert.equal(route('POST', '/b/k', 'uploads'), 'CreateMultipartUpload')
    assert.equal(route('POST', '/b/k', 'uploadId=u'), 'CompleteMultipartUpload')
    assert.equal(route('DELETE', '/b/k', 'uploadId=u'), 'AbortMultipartUpload')
    assert.equal(route('DELETE', '/b/k'), 'DeleteObject')
    assert.equal(route('POST', '/b', 'delete'), 'DeleteObjects')
  })

  it('keeps slashes and decodes greedy keys', () => {
    const m = routeRequest(s3, wire('GET', '/b/a%20b/c%2Bd/e'), { optionalQueryKeys: ['x-id'] })
    assert.deepEqual(m?.labels, { Bucket: 'b', Key: 'a b/c+d/e' })
  })

  it('virtual-host addressing', () => {
    assert.equal(bucketFromHost('my.bucket.s3.localhost'), 'my.bucket')
    assert.equal(bucketFromHost('b1.localhost'), 'b1')
    assert.equal(bucketFromHost('b1.s3.us-west-2.amazonaws.com'), 'b1')
    assert.equal(bucketFromHost('b1.s3-us-west-2.amazonaws.com'), 'b1')
    assert.equal(bucketFromHost('s3.localhost'), undefined)
    assert.equal(bucketFromHost('localhost'), undefined)
    assert.equal(bucketFromHost('127.0.0.1'), undefined)
    assert.equal(toPathStyle({ ...wire('GET', '/k/x'), host: 'b1.s3.localhost' }).path, '/b1/k/x')
    assert.equal(
      restXml.resolveOperation({ ...wire('GET', '/'), host: 'b1.s3.localhost' }, s3)?.name,
      'ListObjects',
    )
  })

  it('parses virtual-hosted requests with the bucket from the host', async () => {
    const req = { ...wire('GET', '/dir/k.json'), host: 'b1.localhost' }
    const op = restXml.resolveOperation(req, s3)!
    assert.deepEqual(await restXml.parse(req, op, s3), { Bucket: 'b1', Key: 'dir/k.json' })
  })

  it('unknown operation → 405 MethodNotAllowed', () => {
    const req = wire('PATCH', '/b/k')
    assert.equal(restXml.resolveOperation(req, s3), undefined)
    const err = restXml.unknownOperation(req, s3)
    assert.equal(err.code, 'MethodNotAllowed')
    assert.equal(err.status, 405)
    assert.equal(err.message, 'The specified method is not allowed against this resource.')
    assert.deepEqual(err.fields, { Method: 'PATCH', ResourceType: 'OBJECT' })
  })

  it('ListObjects encoding-type=url encodes keys', () => {
    const res = restXml.serialize(
      { EncodingType: 'url', Contents: [{ Key: 'a b/c+d' }], Prefix: 'a b' },
      s3.operations.ListObjectsV2!,
      { requestId: 'r', service: s3 },
    )
    assert.match(String(res.body), /<Key>a\+b\/c%2Bd<\/Key>/)
    assert.match(String(res.body), /<Prefix>a\+b<\/Prefix>/)
  })
})
