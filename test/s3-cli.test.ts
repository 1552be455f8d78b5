import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { type Cloud, startCloud, TEST_CREDENTIALS } from '../src/testing/cloud.js'

const run = promisify(execFile)
const MiB = 1024 * 1024

describe('S3 from the AWS CLI v2 and boto3', () => {
  let cloud: Cloud
  let work: string
  let env: NodeJS.ProcessEnv
  const aws = async (...args: string[]): Promise<string> =>
    (
      await run('/usr/bin/aws', ['--endpoint-url', cloud.url, ...args], {
        env,
        maxBuffer: 64 * MiB,
      })
    ).stdout

  before(async () => {
    cloud = await startCloud()
    work = await mkdtemp(join(tmpdir(), 'millrace-s3-cli-'))
    env = {
      PATH: '/usr/bin:/bin',
      HOME: work,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(work, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
      AWS_PAGER: '',
    }
  })
  after(async () => {
    await cloud.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('mb, cp (single and multipart), ls --recursive, sync, rm --recursive', async () => {
    await aws('s3', 'mb', 's3://cli-bucket')
    const big = Buffer.alloc(20 * MiB)
    for (let i = 0; i < big.length; i += 8192) big.writeUInt32BE(i, i)
    await writeFile(join(work, 'big.bin'), big)
    await writeFile(join(work, 'small.json'), '{"title_id": 1}')
    await aws('s3', 'cp', join(work, 'big.bin'), 's3://cli-bucket/data/ref/big.bin')
    await aws('s3', 'cp', join(work, 'small.json'), 's3://cli-bucket/data/ref/small.json')
    await mkdir(join(work, 'tree', 'sub'), { recursive: true })
    await writeFile(join(work, 'tree', 'a.txt'), 'a')
    await writeFile(join(work, 'tree', 'sub', 'b.txt'), 'b')
    await aws('s3', 'sync', join(work, 'tree'), 's3://cli-bucket/data/raw/')
    const ls = await aws('s3', 'ls', '--recursive', 's3://cli-bucket/')
    const keys = ls
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).at(-1))
    assert.deepEqual(keys, [
      'data/raw/a.txt',
      'data/raw/sub/b.txt',
      'data/ref/big.bin',
      'data/ref/small.json',
    ])
    // A second sync uploads nothing.
    assert.equal(
      (await aws('s3', 'sync', join(work, 'tree'), 's3://cli-bucket/data/raw/')).trim(),
      '',
    )
    await aws('s3', 'cp', 's3://cli-bucket/data/ref/big.bin', join(work, 'big.back'))
    const back = await readFile(join(work, 'big.back'))
    assert.equal(
      createHash('md5').update(back).digest('hex'),
      createHash('md5').update(big).digest('hex'),
    )
    const head = JSON.parse(
      await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'data/ref/big.bin'),
    )
    assert.match(head.ETag, /-\d+"$/)
    assert.equal(head.ContentLength, 20 * MiB)
    await aws('s3', 'rm', '--recursive', 's3://cli-bucket/data/raw/')
    const left = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'cli-bucket'))
    assert.deepEqual(
      left.Contents.map((c: { Key: string }) => c.Key),
      ['data/ref/big.bin', 'data/ref/small.json'],
    )
  })

  it('s3api put-object / get-object / list-objects-v2 with a delimiter', async () => {
    await aws('s3api', 'create-bucket', '--bucket', 'api-bucket')
    await writeFile(join(work, 'body.txt'), 'hello')
    const put = JSON.parse(
      await aws(
        's3api',
        'put-object',
        '--bucket',
        'api-bucket',
        '--key',
        'x/y.txt',
        '--body',
        join(work, 'body.txt'),
        '--metadata',
        'k=v',
      ),
    )
    assert.equal(put.ETag, `"${createHash('md5').update('hello').digest('hex')}"`)
    const got = JSON.parse(
      await aws(
        's3api',
        'get-object',
        '--bucket',
        'api-bucket',
        '--key',
        'x/y.txt',
        join(work, 'out.txt'),
      ),
    )
    assert.deepEqual(got.Metadata, { k: 'v' })
    assert.equal(await readFile(join(work, 'out.txt'), 'utf8'), 'hello')
    const list = JSON.parse(
      await aws('s3api', 'list-objects-v2', '--bucket', 'api-bucket', '--delimiter', '/'),
    )
    assert.deepEqual(list.CommonPrefixes, [{ Prefix: 'x/' }])
    await assert.rejects(
      aws('s3api', 'get-object', '--bucket', 'api-bucket', '--key', 'missing', join(work, 'm')),
      (e: Error & { stderr: string }) => {
        assert.match(
          e.stderr,
          /An error occurred \(NoSuchKey\) when calling the GetObject operation: The specified key does not exist\./,
        )
        return true
      },
    )
  })

  it('boto3 upload_file / download_file across the multipart threshold', async () => {
    const big = Buffer.alloc(12 * MiB, 7)
    await writeFile(join(work, 'boto.bin'), big)
    const script = `
import boto3, sys
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
s3.create_bucket(Bucket='boto-bucket')
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_file(sys.argv[2], 'boto-bucket', 'data/boto.bin', Config=cfg)
s3.upload_file(sys.argv[2], 'boto-bucket', 'data/single.bin')
s3.download_file('boto-bucket', 'data/boto.bin', sys.argv[3], Config=cfg)
head = s3.head_object(Bucket='boto-bucket', Key='data/boto.bin')
print(head['ETag'], head['ContentLength'])
`
    const { stdout } = await run(
      '/usr/bin/python3',
      ['-c', script, cloud.url, join(work, 'boto.bin'), join(work, 'boto.back')],
      { env },
    )
    const [etag, length] = stdout.trim().split(' ')
    assert.match(etag ?? '', /^"[0-9a-f]{32}-3"$/)
    assert.equal(Number(length), 12 * MiB)
    assert.ok((await readFile(join(work, 'boto.back'))).equals(big))
  })

  it('boto3 generate_presigned_post: a form upload as a browser would send it', async () => {
    const script = `
import boto3, sys, urllib.request, uuid
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
s3.create_bucket(Bucket='boto-forms')
post = s3.generate_presigned_post('boto-forms', 'in/\${filename}',
    Fields={'success_action_status': '201'},
    Conditions=[['starts-with', '$key', 'in/'], {'success_action_status': '201'}, ['content-length-range', 1, 100]])
boundary = uuid.uuid4().hex
parts = [f'--{boundary}\\r\\nContent-Disposition: form-data; name="{k}"\\r\\n\\r\\n{v}\\r\\n' for k, v in post['fields'].items()]
body = ''.join(parts).encode() + (f'--{boundary}\\r\\nContent-Disposition: form-data; name="file"; filename="note.txt"\\r\\n'
    'Content-Type: text/plain\\r\\n\\r\\nfrom boto3\\r\\n' f'--{boundary}--\\r\\n').encode()
req = urllib.request.Request(post['url'], data=body, method='POST',
    headers={'Content-Type': f'multipart/form-data; boundary={boundary}'})
with urllib.request.urlopen(req) as res:
    print(res.status)
print(s3.get_object(Bucket='boto-forms', Key='in/note.txt')['Body'].read().decode())
`
    const { stdout } = await run('/usr/bin/python3', ['-c', script, cloud.url], { env })
    assert.deepEqual(stdout.trim().split('\n'), ['201', 'from boto3'])
  })
})
