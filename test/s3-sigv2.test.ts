// Signature Version 2, as Debian's boto3 (botocore 1.29) signs by default for presigned URLs and
// POST forms, and for every call with signature_version='s3'. Signed with a key the server
// knows, so every signature is verified.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const run = promisify(execFile)

const SCRIPT = `
import boto3, json, sys, time, uuid, urllib.request, urllib.error
from botocore.config import Config
url, key, secret = sys.argv[1:4]
session = dict(endpoint_url=url, region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret)
v2 = boto3.client('s3', config=Config(signature_version='s3'), **session)
plain = boto3.client('s3', **session)
out = {}
def fetch(u, method='GET', data=None, headers={}):
    try:
        with urllib.request.urlopen(urllib.request.Request(u, data=data, method=method, headers=headers)) as r:
            return [r.status, r.read().decode(), r.headers.get('Content-Type')]
    except urllib.error.HTTPError as e:
        return [e.code, e.read().decode(), None]

# Header-signed calls (Authorization: AWS key:signature), sub-resources included.
v2.create_bucket(Bucket='v2-bucket')
v2.put_object(Bucket='v2-bucket', Key='dir/a b+c.txt', Body=b'hello v2', ContentType='text/plain', Metadata={'who': 'me'})
got = v2.get_object(Bucket='v2-bucket', Key='dir/a b+c.txt')
out['get'] = [got['Body'].read().decode(), got['ContentType'], got['Metadata']]
# list_objects, not list_objects_v2: botocore signs the latter's path with '?list-type=2', which
# S3 refuses too (boto/boto3#4433).
out['list'] = [o['Key'] for o in v2.list_objects(Bucket='v2-bucket', Prefix='dir/')['Contents']]
# A sub-resource in the query is part of what is signed. (Operations whose URI carries a literal
# query, as ?tagging, botocore signs with it twice, which S3 refuses too.)
out['sub'] = v2.get_object(Bucket='v2-bucket', Key='dir/a b+c.txt', ResponseContentType='application/x-sub')['ContentType']

# Presigned URLs (query string: AWSAccessKeyId, Expires, Signature).
get_url = plain.generate_presigned_url('get_object', Params={'Bucket': 'v2-bucket', 'Key': 'dir/a b+c.txt'})
out['presigned_is_v2'] = 'AWSAccessKeyId=' in get_url
out['presigned_get'] = fetch(get_url)[:2]
typed = plain.generate_presigned_url('get_object', Params={'Bucket': 'v2-bucket', 'Key': 'dir/a b+c.txt', 'ResponseContentType': 'application/x-v2'})
out['presigned_override'] = fetch(typed)[2]
put_url = plain.generate_presigned_url('put_object', Params={'Bucket': 'v2-bucket', 'Key': 'put.txt', 'ContentType': 'text/plain'})
out['presigned_put'] = fetch(put_url, 'PUT', b'put by url', {'Content-Type': 'text/plain'})[0]
out['after_put'] = v2.get_object(Bucket='v2-bucket', Key='put.txt')['Body'].read().decode()
# Temporary credentials: the session token is signed as an x-amz-* header (a query parameter
# of a presigned URL).
c = boto3.client('sts', **session).get_session_token()['Credentials']
temp = dict(endpoint_url=url, region_name='us-east-1', aws_access_key_id=c['AccessKeyId'],
    aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
tv2 = boto3.client('s3', config=Config(signature_version='s3'), **temp)
out['temp_get'] = tv2.get_object(Bucket='v2-bucket', Key='put.txt')['Body'].read().decode()
turl = boto3.client('s3', **temp).generate_presigned_url('get_object', Params={'Bucket': 'v2-bucket', 'Key': 'put.txt'})
out['temp_presigned'] = ['x-amz-security-token=' in turl] + fetch(turl)[:2]
forged = get_url.replace('Signature=', 'Signature=x')
status, body, _ = fetch(forged)
out['forged'] = [status, body.split('<Code>')[1].split('<')[0]]
short = plain.generate_presigned_url('get_object', Params={'Bucket': 'v2-bucket', 'Key': 'put.txt'}, ExpiresIn=1)
time.sleep(2.1)
status, body, _ = fetch(short)
out['expired'] = [status, body.split('<Message>')[1].split('<')[0]]

# A presigned POST form (AWSAccessKeyId, policy, signature = HMAC-SHA1 of the policy).
post = plain.generate_presigned_post('v2-bucket', 'form/\${filename}', Conditions=[['starts-with', '$key', 'form/']])
boundary = uuid.uuid4().hex
body = ''.join(f'--{boundary}\\r\\nContent-Disposition: form-data; name="{k}"\\r\\n\\r\\n{v}\\r\\n' for k, v in post['fields'].items())
body += f'--{boundary}\\r\\nContent-Disposition: form-data; name="file"; filename="f.txt"\\r\\n\\r\\nform v2\\r\\n--{boundary}--\\r\\n'
out['post_fields'] = sorted(post['fields'].keys())
out['post'] = fetch(post['url'], 'POST', body.encode(), {'Content-Type': f'multipart/form-data; boundary={boundary}'})[0]
out['after_post'] = v2.get_object(Bucket='v2-bucket', Key='form/f.txt')['Body'].read().decode()
print(json.dumps(out))
`

describe('S3 Signature Version 2 from boto3', () => {
  let cloud: Cloud
  let credentials: { accessKeyId: string; secretAccessKey: string }
  before(async () => {
    cloud = await startCloud()
    const iam = cloud.client(IAMClient)
    await iam.send(new CreateUserCommand({ UserName: 'v2' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'v2',
        PolicyName: 's3',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      }),
    )
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'v2' }))
    credentials = {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    }
  })
  after(() => cloud.stop())

  it('header-signed calls, presigned GET/PUT URLs and POST forms verify; forged and expired ones do not', async () => {
    const { stdout } = await run(
      '/usr/bin/python3',
      ['-c', SCRIPT, cloud.url, credentials.accessKeyId, credentials.secretAccessKey],
      { env: { PATH: '/usr/bin:/bin', HOME: cloud.dataDir } },
    )
    assert.deepEqual(JSON.parse(stdout), {
      get: ['hello v2', 'text/plain', { who: 'me' }],
      list: ['dir/a b+c.txt'],
      sub: 'application/x-sub',
      presigned_is_v2: true,
      presigned_get: [200, 'hello v2'],
      presigned_override: 'application/x-v2',
      presigned_put: 200,
      after_put: 'put by url',
      temp_get: 'put by url',
      temp_presigned: [true, 200, 'put by url'],
      forged: [403, 'SignatureDoesNotMatch'],
      expired: [403, 'Request has expired'],
      post_fields: ['AWSAccessKeyId', 'key', 'policy', 'signature'],
      post: 204,
      after_post: 'form v2',
    })
  })
})
