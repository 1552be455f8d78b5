/** The AWS CLI v2 and boto3 (Debian packages) against a real server. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const run = promisify(execFile)

describe('kinesis from the AWS CLI v2 and boto3', () => {
  let cloud: Cloud
  let env: NodeJS.ProcessEnv
  before(async () => {
    cloud = await startCloud()
    env = {
      PATH: '/usr/bin:/bin',
      HOME: cloud.dataDir,
      AWS_ACCESS_KEY_ID: 'AKIDCLI',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    }
  })
  after(() => cloud.stop())

  const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await run(
      '/usr/bin/aws',
      ['--endpoint-url', cloud.url, '--output', 'json', 'kinesis', ...args],
      { env },
    )
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {}
  }

  test('aws kinesis: create, put-record (raw-in-base64-out), get-records', async () => {
    await aws('create-stream', '--stream-name', 'cli', '--shard-count', '1')
    const put = await aws(
      'put-record',
      '--stream-name',
      'cli',
      '--partition-key',
      'k',
      '--data',
      'hello from the cli',
      '--cli-binary-format',
      'raw-in-base64-out',
    )
    assert.equal(put.ShardId, 'shardId-000000000000')
    const it = await aws(
      'get-shard-iterator',
      '--stream-name',
      'cli',
      '--shard-id',
      'shardId-000000000000',
      '--shard-iterator-type',
      'TRIM_HORIZON',
    )
    const got = await aws('get-records', '--shard-iterator', String(it.ShardIterator))
    const records = got.Records as { Data: string; SequenceNumber: string; PartitionKey: string }[]
    assert.equal(records.length, 1)
    // The CLI prints blobs base64-encoded.
    assert.equal(Buffer.from(records[0]!.Data, 'base64').toString(), 'hello from the cli')
    assert.equal(records[0]!.SequenceNumber, put.SequenceNumber)
    assert.equal(records[0]!.PartitionKey, 'k')
    const list = await aws('list-streams')
    assert.deepEqual(list.StreamNames, ['cli'])
  })

  test('aws kinesis: errors carry AWS codes', async () => {
    await assert.rejects(
      aws('describe-stream', '--stream-name', 'missing'),
      (e: Error & { stderr: string; code: number }) => {
        assert.equal(e.code, 254)
        assert.match(
          e.stderr,
          /An error occurred \(ResourceNotFoundException\) when calling the DescribeStream operation: Stream missing under account 000000000000 not found\./,
        )
        return true
      },
    )
  })

  test('boto3: put_records and get_records round trip', async () => {
    const script = `
import boto3, json, sys
k = boto3.client('kinesis', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id='AKIDBOTO', aws_secret_access_key='x')
k.create_stream(StreamName='boto', ShardCount=2)
k.get_waiter('stream_exists').wait(StreamName='boto', WaiterConfig={'Delay': 1})
out = k.put_records(StreamName='boto', Records=[{'Data': b'r%d' % i, 'PartitionKey': 'p%d' % i} for i in range(20)])
assert out['FailedRecordCount'] == 0
seen = []
for shard in k.list_shards(StreamName='boto')['Shards']:
    it = k.get_shard_iterator(StreamName='boto', ShardId=shard['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    seen += [r['Data'].decode() for r in k.get_records(ShardIterator=it)['Records']]
try:
    k.describe_stream(StreamName='nope')
except k.exceptions.ResourceNotFoundException as e:
    err = e.response['Error']['Message']
print(json.dumps({'seen': sorted(seen), 'err': err}))
`
    const { stdout } = await run('/usr/bin/python3', ['-c', script, cloud.url], { env })
    const out = JSON.parse(stdout) as { seen: string[]; err: string }
    assert.deepEqual(out.seen, Array.from({ length: 20 }, (_, i) => `r${i}`).sort())
    assert.equal(out.err, 'Stream nope under account 000000000000 not found.')
  })
})
