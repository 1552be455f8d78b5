/** The AWS CLI v2 and boto3 (Debian's) against IAM and STS: the seed's role setup and AssumeRole. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { type Cloud, startCloud, TEST_CREDENTIALS } from '../src/testing/cloud.js'

const run = promisify(execFile)
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' },
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::000000000000:root' },
      Action: 'sts:AssumeRole',
    },
  ],
})

describe('AWS CLI and boto3 with IAM/STS', () => {
  let cloud: Cloud
  let env: NodeJS.ProcessEnv
  const aws = async (...args: string[]) =>
    JSON.parse(
      (
        await run('/usr/bin/aws', ['--endpoint-url', cloud.url, '--output', 'json', ...args], {
          env,
        })
      ).stdout || '{}',
    )

  before(async () => {
    cloud = await startCloud()
    env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    }
  })
  after(() => cloud.stop())

  it('creates the Glue role as the seed does and assumes it', async () => {
    const created = await aws(
      'iam',
      'create-role',
      '--role-name',
      'glue-role',
      '--assume-role-policy-document',
      TRUST,
    )
    assert.equal(created.Role.Arn, 'arn:aws:iam::000000000000:role/glue-role')
    assert.deepEqual(created.Role.AssumeRolePolicyDocument, JSON.parse(TRUST))
    for (const arn of ['service-role/AWSGlueServiceRole', 'AmazonS3FullAccess']) {
      await aws(
        'iam',
        'attach-role-policy',
        '--role-name',
        'glue-role',
        '--policy-arn',
        `arn:aws:iam::aws:policy/${arn}`,
      )
    }
    const attached = await aws('iam', 'list-attached-role-policies', '--role-name', 'glue-role')
    assert.deepEqual(
      attached.AttachedPolicies.map((p: { PolicyName: string }) => p.PolicyName),
      ['AWSGlueServiceRole', 'AmazonS3FullAccess'],
    )
    const assumed = await aws(
      'sts',
      'assume-role',
      '--role-arn',
      'arn:aws:iam::000000000000:role/glue-role',
      '--role-session-name',
      'cli',
    )
    assert.equal(
      assumed.AssumedRoleUser.Arn,
      'arn:aws:sts::000000000000:assumed-role/glue-role/cli',
    )
    const sim = await aws(
      'iam',
      'simulate-principal-policy',
      '--policy-source-arn',
      'arn:aws:iam::000000000000:role/glue-role',
      '--action-names',
      's3:PutObject',
      'kinesis:PutRecord',
    )
    assert.deepEqual(
      sim.EvaluationResults.map((r: { EvalDecision: string }) => r.EvalDecision),
      ['allowed', 'implicitDeny'],
    )
  })

  it('reports NoSuchEntity as AWS does', async () => {
    await assert.rejects(
      aws('iam', 'get-role', '--role-name', 'nope'),
      (e: Error & { stderr: string }) => {
        assert.match(
          e.stderr,
          /An error occurred \(NoSuchEntity\) when calling the GetRole operation: The role with name nope cannot be found\./,
        )
        return true
      },
    )
  })

  it('boto3 assumes the role and signs with the session credentials', async () => {
    const script = `
import boto3, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1')
sts = boto3.client('sts', **kw)
c = sts.assume_role(RoleArn='arn:aws:iam::000000000000:role/glue-role', RoleSessionName='py')['Credentials']
s = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'],
                 aws_session_token=c['SessionToken'], **kw)
print(json.dumps(s.get_caller_identity()['Arn']))
`
    const { stdout } = await run('/usr/bin/python3', ['-c', script, cloud.url], { env })
    assert.equal(JSON.parse(stdout), 'arn:aws:sts::000000000000:assumed-role/glue-role/py')
  })
})
