/**
 * Resource-based policies (S3 bucket policies, Kinesis stream policies) through the same
 * evaluator, policy simulation, account authorization details, and the `--iam log|off` modes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-kinesis'
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { runAsRole } from '../src/iam/index.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const ACCOUNT = '000000000000'
const STREAM = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`
const doc = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement })

const newUser = async (iam: IAMClient, name: string) => {
  await iam.send(new CreateUserCommand({ UserName: name }))
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }))
  return {
    accessKeyId: AccessKey?.AccessKeyId ?? '',
    secretAccessKey: AccessKey?.SecretAccessKey ?? '',
  }
}

describe('resource policies, simulation and modes', () => {
  let cloud: Cloud
  let iam: IAMClient
  before(async () => {
    cloud = await startCloud()
    iam = cloud.client(IAMClient)
    const s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'shared' }))
    await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/a.txt', Body: 'a' }))
    await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'private/b.txt', Body: 'b' }))
    await cloud
      .client(KinesisClient)
      .send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }))
  })
  after(() => cloud.stop())

  it('a bucket policy grants a user without identity policies, and its deny beats a role allow', async () => {
    const dave = await newUser(iam, 'dave')
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'glue',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Service: 'glue.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      }),
    )
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'glue',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      }),
    )
    await cloud.client(S3Client).send(
      new PutBucketPolicyCommand({
        Bucket: 'shared',
        Policy: doc(
          {
            Sid: 'DaveReads',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dave` },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::shared/*',
          },
          {
            Sid: 'Public',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::shared/public/*',
          },
          {
            Sid: 'NoGlueOnPrivate',
            Effect: 'Deny',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/glue` },
            Action: 's3:*',
            Resource: 'arn:aws:s3:::shared/private/*',
          },
        ),
      }),
    )
    const s3 = cloud.client(S3Client, { credentials: dave })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'private/b.txt' }))
    assert.equal(await got.Body?.transformToString(), 'b')
    await rejects(
      s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'x', Body: 'x' })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/dave is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::shared/x" because no identity-based policy allows the s3:PutObject action`,
      403,
    )
    const session = await runAsRole(
      cloud.server.app,
      `arn:aws:iam::${ACCOUNT}:role/glue`,
      'glue.amazonaws.com',
      'crawl',
    )
    const creds = {
      accessKeyId: 'ASIAGLUECRAWLSESSION',
      secretAccessKey: 'glue-secret',
      sessionToken: 'glue-token',
    }
    cloud.server.app.credentials.add({
      ...creds,
      principal: session,
      active: true,
      expiresAt: Date.now() + 600_000,
    })
    const glue = cloud.client(S3Client, { credentials: creds })
    const pub = await glue.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/a.txt' }))
    assert.equal(await pub.Body?.transformToString(), 'a')
    await rejects(
      glue.send(new GetObjectCommand({ Bucket: 'shared', Key: 'private/b.txt' })),
      'AccessDenied',
      `User: ${session.arn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::shared/private/b.txt" with an explicit deny in a resource-based policy`,
      403,
    )
  })

  it('policy changes apply at once: a deleted bucket policy no longer grants', async () => {
    const s3 = cloud.client(S3Client)
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: 'shared' }))
    const anon = () => fetch(`${cloud.url}/shared/public/a.txt`)
    assert.equal((await anon()).status, 200)
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'shared' }))
    assert.equal((await anon()).status, 403)
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy }))
    assert.equal((await anon()).status, 200)
  })

  it('anonymous requests get only what the bucket policy makes public', async () => {
    const pub = await fetch(`${cloud.url}/shared/public/a.txt`)
    assert.equal(pub.status, 200)
    assert.equal(await pub.text(), 'a')
    const priv = await fetch(`${cloud.url}/shared/private/b.txt`)
    assert.equal(priv.status, 403)
    assert.match(await priv.text(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/)
  })

  it('RestrictPublicBuckets makes the public grant useless to anonymous callers', async () => {
    await cloud.client(S3Client).send(
      new PutPublicAccessBlockCommand({
        Bucket: 'shared',
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    )
    try {
      const pub = await fetch(`${cloud.url}/shared/public/a.txt`)
      assert.equal(pub.status, 403)
    } finally {
      await cloud.client(S3Client).send(new DeletePublicAccessBlockCommand({ Bucket: 'shared' }))
    }
  })

  it('GetRecords is authorized against the stream its iterator names', async () => {
    const hank = await newUser(iam, 'hank')
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'hank',
        PolicyName: 'read-events',
        PolicyDocument: doc({
          Effect: 'Allow',
          Action: ['kinesis:GetShardIterator', 'kinesis:GetRecords'],
          Resource: STREAM,
        }),
      }),
    )
    const kinesis = cloud.client(KinesisClient, { credentials: hank })
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'events',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const out = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
    assert.ok(Array.isArray(out.Records))
  })

  it('a Kinesis stream policy grants PutRecord to a user and nothing more', async () => {
    const erin = await newUser(iam, 'erin')
    await cloud.client(KinesisClient).send(
      new PutResourcePolicyCommand({
        ResourceARN: STREAM,
        Policy: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/erin` },
          Action: 'kinesis:PutRecord',
          Resource: STREAM,
        }),
      }),
    )
    const kinesis = cloud.client(KinesisClient, { credentials: erin })
    const out = await kinesis.send(
      new PutRecordCommand({ StreamARN: STREAM, Data: Buffer.from('x'), PartitionKey: 'p' }),
    )
    assert.equal(out.ShardId, 'shardId-000000000000')
    await rejects(
      kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'events' })),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/erin is not authorized to perform: kinesis:DescribeStreamSummary on resource: ${STREAM} because no identity-based policy allows the kinesis:DescribeStreamSummary action`,
      400,
    )
  })

  it('SimulatePrincipalPolicy runs the real evaluator over a role, its boundary and extra inputs', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'apigw',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      }),
    )
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'apigw',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess',
      }),
    )
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/apigw`
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: ['kinesis:PutRecord', 's3:GetObject'],
        ResourceArns: [STREAM],
      }),
    )
    assert.deepEqual(
      EvaluationResults?.map((r) => [
        r.EvalActionName,
        r.EvalDecision,
        r.MatchedStatements?.map((m) => m.SourcePolicyId),
      ]),
      [
        ['kinesis:PutRecord', 'allowed', ['AmazonKinesisFullAccess']],
        ['s3:GetObject', 'implicitDeny', []],
      ],
    )
    await iam.send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: 'apigw',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    )
    const bounded = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: ['kinesis:PutRecord'],
        ResourceArns: [STREAM],
      }),
    )
    assert.equal(bounded.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny')
    // The boundary is enforced on real requests too.
    const p = await runAsRole(cloud.server.app, roleArn, 'apigateway.amazonaws.com', 'gw')
    const creds = {
      accessKeyId: 'ASIAAPIGWBOUNDED0001',
      secretAccessKey: 'gw-secret',
      sessionToken: 'gw-token',
    }
    cloud.server.app.credentials.add({
      ...creds,
      principal: p,
      active: true,
      expiresAt: Date.now() + 600_000,
    })
    await rejects(
      cloud
        .client(KinesisClient, { credentials: creds })
        .send(
          new PutRecordCommand({ StreamName: 'events', Data: Buffer.from('x'), PartitionKey: 'p' }),
        ),
      'AccessDeniedException',
      `User: ${p.arn} is not authorized to perform: kinesis:PutRecord on resource: ${STREAM} because no permissions boundary allows the kinesis:PutRecord action`,
      400,
    )
  })

  it('SimulateCustomPolicy evaluates conditions from context entries', async () => {
    const { EvaluationResults } = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          doc({
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::shared',
            Condition: { StringLike: { 's3:prefix': 'data/*' } },
          }),
        ],
        ActionNames: ['s3:ListBucket'],
        ResourceArns: ['arn:aws:s3:::shared'],
        ContextEntries: [
          { ContextKeyName: 's3:prefix', ContextKeyValues: ['logs/'], ContextKeyType: 'string' },
        ],
      }),
    )
    assert.equal(EvaluationResults?.[0]?.EvalDecision, 'implicitDeny')
    await rejects(
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: ['{nope'],
          ActionNames: ['s3:ListBucket'],
        }),
      ),
      'MalformedPolicyDocumentException',
      'This policy contains invalid Json',
      400,
    )
  })

  it('GetAccountAuthorizationDetails lists users, roles and the managed policies in use', async () => {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dave',
        PolicyName: 'inline',
        PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }),
      }),
    )
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}))
    assert.deepEqual(out.UserDetailList?.map((u) => u.UserName).sort(), ['dave', 'erin', 'hank'])
    const dave = out.UserDetailList?.find((u) => u.UserName === 'dave')
    assert.deepEqual(
      dave?.UserPolicyList?.map((p) => p.PolicyName),
      ['inline'],
    )
    assert.deepEqual(out.RoleDetailList?.map((r) => r.RoleName).sort(), ['apigw', 'glue'])
    assert.deepEqual(out.Policies?.map((p) => p.PolicyName).sort(), [
      'AmazonKinesisFullAccess',
      'AmazonS3FullAccess',
      'AmazonS3ReadOnlyAccess',
    ])
    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))
    assert.equal(roles.UserDetailList?.length, 0)
  })
})

describe('--iam log and --iam off', () => {
  it('log mode lets a denied call through and records the missing statement', async () => {
    const cloud = await startCloud(['--iam', 'log'])
    try {
      const iam = cloud.client(IAMClient)
      const frank = await newUser(iam, 'frank')
      await cloud
        .client(KinesisClient)
        .send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }))
      const out = await cloud
        .client(KinesisClient, { credentials: frank })
        .send(
          new PutRecordCommand({ StreamName: 'events', Data: Buffer.from('x'), PartitionKey: 'p' }),
        )
      assert.equal(out.ShardId, 'shardId-000000000000')
      const res = await fetch(`${cloud.url}/_millrace/iam/denials`)
      const body = (await res.json()) as {
        mode: string
        denials: Array<{ message: string; statement: unknown }>
      }
      assert.equal(body.mode, 'log')
      assert.deepEqual(
        body.denials.map((d) => d.message),
        [
          `user frank lacks kinesis:PutRecord on ${STREAM} — add this statement: {"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"${STREAM}"}`,
        ],
      )
    } finally {
      await cloud.stop()
    }
  })

  it('off mode decides nothing', async () => {
    const cloud = await startCloud(['--iam', 'off'])
    try {
      const grace = await newUser(cloud.client(IAMClient), 'grace')
      await cloud
        .client(KinesisClient)
        .send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }))
      const out = await cloud
        .client(KinesisClient, { credentials: grace })
        .send(new DescribeStreamSummaryCommand({ StreamName: 'events' }))
      assert.equal(out.StreamDescriptionSummary?.StreamName, 'events')
    } finally {
      await cloud.stop()
    }
  })
})
