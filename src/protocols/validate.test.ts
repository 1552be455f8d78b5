import assert from 'node:assert/strict'
import { test } from 'node:test'
import { model as kinesis } from '../gen/kinesis.js'
import type { OperationModel, ServiceModel } from './model.js'
import { validateInput, validationMessage } from './validate.js'

const tiny: ServiceModel = {
  id: 'tiny',
  sdkId: 'Tiny',
  version: '1',
  protocol: 'awsJson1_1',
  targetPrefix: 'Tiny',
  signingName: 'tiny',
  endpointPrefix: 'tiny',
  operations: { Do: { name: 'Do', input: 'DoInput', errors: [] } },
  shapes: {
    DoInput: {
      type: 'structure',
      members: {
        Name: { target: 'Name', required: true },
        Count: { target: 'Count' },
        Ratio: { target: 'Ratio' },
        Mode: { target: 'Mode' },
        Items: { target: 'Items' },
        Keys: { target: 'Keys' },
        Tags: { target: 'Tags' },
        Nested: { target: 'Nested' },
        Choice: { target: 'Choice' },
        Node: { target: 'Node' },
        Unique: { target: 'Unique' },
      },
    },
    Unique: { type: 'list', member: { target: 'Mode' }, uniqueItems: true },
    Name: { type: 'string', length: { min: 1, max: 5 }, pattern: '[a-z]+' },
    Count: { type: 'integer', range: { min: 1, max: 10 } },
    Ratio: { type: 'double', range: { min: 0, max: 1 } },
    Mode: { type: 'string', enum: ['A', 'B', 'C'] },
    Items: { type: 'list', member: { target: 'Item' }, length: { min: 1, max: 2 } },
    Item: {
      type: 'structure',
      members: { Data: { target: 'Data', required: true }, Key: { target: 'Name' } },
    },
    Data: { type: 'blob', length: { max: 3 } },
    Keys: { type: 'list', member: { target: 'Key' } },
    Key: { type: 'string', length: { min: 1, max: 3 } },
    Tags: { type: 'map', key: { target: 'Key' }, value: { target: 'Value' } },
    Value: { type: 'string', length: { min: 0, max: 2 } },
    Nested: { type: 'structure', members: { Inner: { target: 'Mode', required: true } } },
    Choice: { type: 'union', members: { Left: { target: 'Count' }, Right: { target: 'Name' } } },
    Node: { type: 'structure', members: { Next: { target: 'Node' }, Label: { target: 'Key' } } },
  },
}
const op = tiny.operations.Do as OperationModel
const check = (input: Record<string, unknown>) => validationMessage(validateInput(input, op, tiny))

test('valid input has no violations', () => {
  assert.deepEqual(
    validateInput({ Name: 'abc', Count: 3, Items: [{ Data: Buffer.from('ab') }] }, op, tiny),
    [],
  )
})

test('required member: null rendered unquoted', () => {
  assert.equal(
    check({}),
    "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
  )
})

test('pattern before length, both reported, joined with "; "', () => {
  assert.equal(
    check({ Name: 'ABCDEF' }),
    '2 validation errors detected: ' +
      "Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
      "Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5",
  )
})

test('patterns match the whole value (Java matches())', () => {
  assert.match(check({ Name: 'ab1' }), /regular expression pattern: \[a-z\]\+$/)
})

test('uniqueItems: repeated entries are one violation on the list', () => {
  const violations = validateInput({ Name: 'ab', Unique: ['A', 'B', 'A'] }, op, tiny)
  assert.deepEqual(violations, [
    "Value '[A, B, A]' at 'unique' failed to satisfy constraint: Member must have unique items",
  ])
  assert.deepEqual(validateInput({ Name: 'ab', Unique: ['A', 'B'] }, op, tiny), [])
})

test('range and enum', () => {
  assert.equal(
    check({ Name: 'a', Count: 0, Ratio: 2, Mode: 'D' }),
    '3 validation errors detected: ' +
      "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
      "Value '2' at 'ratio' failed to satisfy constraint: Member must have value less than or equal to 1.0; " +
      "Value 'D' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [A, B, C]",
  )
})

test('lists of structures: 1-based member paths, blob lengths in bytes rendered as HeapByteBuffer', () => {
  assert.equal(
    check({
      Name: 'a',
      Items: [{ Data: Buffer.from('a') }, { Data: Buffer.from('abcd'), Key: '' }],
    }),
    '3 validation errors detected: ' +
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=4 cap=4]' at 'items.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 3; " +
      "Value '' at 'items.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
      "Value '' at 'items.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
  )
  assert.equal(
    check({ Name: 'a', Items: [{}] }),
    "1 validation error detected: Value null at 'items.1.member.data' failed to satisfy constraint: Member must not be null",
  )
  assert.equal(
    check({ Name: 'a', Items: [] }),
    "1 validation error detected: Value '[]' at 'items' failed to satisfy constraint: Member must have length greater than or equal to 1",
  )
})

test('lists and maps of scalars are reported once on the collection', () => {
  assert.equal(
    check({ Name: 'a', Keys: ['ab', 'abcd'] }),
    "1 validation error detected: Value '[ab, abcd]' at 'keys' failed to satisfy constraint: " +
      'Member must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1]',
  )
  assert.equal(
    check({ Name: 'a', Tags: { abcd: 'x', k: 'xyz' } }),
    '2 validation errors detected: ' +
      "Value '{abcd=x, k=xyz}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1]; " +
      "Value '{abcd=x, k=xyz}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 2, Member must have length greater than or equal to 0]",
  )
})

test('nested structures, unions and recursive shapes', () => {
  assert.equal(
    check({ Name: 'a', Nested: {}, Choice: { Left: 11 }, Node: { Next: { Next: { Label: '' } } } }),
    '3 validation errors detected: ' +
      "Value null at 'nested.inner' failed to satisfy constraint: Member must not be null; " +
      "Value '11' at 'choice.left' failed to satisfy constraint: Member must have value less than or equal to 10; " +
      "Value '' at 'node.next.next.label' failed to satisfy constraint: Member must have length greater than or equal to 1",
  )
})

test('at most 10 violations are reported', () => {
  const items = Array.from({ length: 12 }, () => ({}))
  const v = validateInput({ Name: 'a', Items: items }, op, tiny)
  assert.equal(v.length, 10)
  assert.match(validationMessage(v), /^10 validation errors detected: Value '\[/)
})

test('strings count characters, not UTF-16 units', () => {
  assert.deepEqual(validateInput({ Name: 'a', Keys: ['😀😀😀'] }, op, tiny), [])
})

const putRecords = kinesis.operations.PutRecords as OperationModel

test('kinesis PutRecords: the wording kinesalite recorded from AWS', () => {
  const name = 'a'.repeat(129)
  assert.equal(
    validationMessage(
      validateInput(
        { StreamName: name, Records: [{ PartitionKey: 'a', Data: Buffer.alloc(0) }] },
        putRecords,
        kinesis,
      ),
    ),
    `1 validation error detected: Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`,
  )
  assert.equal(
    validationMessage(validateInput({}, putRecords, kinesis)),
    "1 validation error detected: Value null at 'records' failed to satisfy constraint: Member must not be null",
  )
  const records = Array.from({ length: 2 }, () => ({
    Data: Buffer.alloc(0),
    PartitionKey: '',
    ExplicitHashKey: 'x',
  }))
  assert.deepEqual(
    validateInput({ StreamName: 's', Records: records }, putRecords, kinesis).slice(0, 2),
    [
      "Value 'x' at 'records.1.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: ^0|([1-9]\\d{0,38})$",
      "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
  )
})

test('kinesis PutRecords with 500 valid records is fast', () => {
  const records = Array.from({ length: 500 }, (_, i) => ({
    Data: Buffer.alloc(100),
    PartitionKey: `k${i}`,
    ExplicitHashKey: '123',
  }))
  const input = { StreamName: 'stream-1', Records: records }
  validateInput(input, putRecords, kinesis)
  const start = performance.now()
  for (let i = 0; i < 200; i++) assert.equal(validateInput(input, putRecords, kinesis).length, 0)
  const perCall = (performance.now() - start) / 200
  assert.ok(perCall < 2, `validation took ${perCall}ms per 500-record call`)
})
