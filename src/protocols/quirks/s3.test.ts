import assert from 'node:assert/strict'
import { test } from 'node:test'
import { model } from '../../gen/s3.js'
import { xmlCodec } from '../rest-xml.js'
import { s3Quirks } from './s3.js'

// The direct listing writer must write what the model-driven writer writes, element for element,
// whatever the entries hold: its fast paths are only for the usual member types.
const entries = [
  {
    Key: 'plain',
    LastModified: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    ETag: '"9dd4e461268c8034f5c8564e155c67a6"',
    Size: 1,
    StorageClass: 'STANDARD',
  },
  {
    Key: 'a&b<c>"d\'e\r\u0085\u2028 ü 😀',
    LastModified: new Date(0),
    ETag: '"abc"def"',
    Size: 0,
    StorageClass: 'STANDARD_IA',
    ChecksumAlgorithm: ['CRC32', 'SHA256'],
    ChecksumType: 'COMPOSITE',
    Owner: { ID: 'o1', DisplayName: 'me' },
  },
  {
    Key: 'unquoted etag',
    LastModified: new Date(999),
    ETag: 'e&1',
    Size: 5,
    StorageClass: 'GLACIER',
  },
  { Key: 'q', LastModified: new Date(Date.UTC(2026, 5, 1)), ETag: '"', Size: 7 },
  { Key: 'owner only', LastModified: new Date(1), ETag: '""', Size: 2, Owner: { ID: 'o2' } },
]

const outputs = {
  ListObjectsV2: {
    IsTruncated: true,
    Contents: entries,
    Name: 'b&c',
    Prefix: 'p<',
    Delimiter: '/',
    MaxKeys: 5,
    CommonPrefixes: [{ Prefix: 'p</a/' }],
    EncodingType: 'url',
    KeyCount: 6,
    ContinuationToken: 't&1',
    NextContinuationToken: 't<2',
    StartAfter: 's"',
  },
  ListObjects: {
    IsTruncated: false,
    Marker: 'm&',
    NextMarker: 'n<',
    Contents: entries,
    Name: 'b',
    Prefix: '',
    MaxKeys: 1000,
  },
}

for (const [name, output] of Object.entries(outputs)) {
  test(`the direct ${name} writer writes what the model-driven writer writes`, () => {
    const op = model.operations[name]!
    const direct = s3Quirks.serializeOutput?.(output, op, { requestId: 'r', service: model })
    assert.ok(direct, 'the direct writer took the output')
    assert.equal(direct.body, xmlCodec.writeDocument(output, op.output!, 'ListBucketResult', model))
  })
}

test('an entry member the direct writer does not know sends the listing to the model-driven writer', () => {
  const op = model.operations.ListObjectsV2!
  const output = { Contents: [{ ...entries[0], RestoreStatus: { IsRestoreInProgress: true } }] }
  assert.equal(
    s3Quirks.serializeOutput?.(output, op, { requestId: 'r', service: model }),
    undefined,
  )
})
