/**
 * IAM decisions end to end: the seed's two roles, IAM users with their own keys, STS sessions,
 * and the failures of bad credentials.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts'
import { authorize, authorizePassRole, runAsRole } from '../src/iam/index.js'
import type { Principal } from '../src/server/principal.js'
import { startServer } from '../src/server/start.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud, testConfig } from '../src/testing/cloud.js'

const ACCOUNT = '000000000000'
const trustFor = (principal: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
  })
const policy = (effect: string, action: string | string[], resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: action, Resource: resource }],
  })

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

describe('IAM authorization', () => {
  let cloud: Cloud
  let iam: IAMClient
  const apigwRole = `arn:aws:iam::${ACCOUNT}:role/apigw-kinesis`
  const glueRole = `arn:aws:iam::${ACCOUNT}:role/glue-s3`
  const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks`

  /** Temporary credentials for a role session a service obtained through runAsRole. */
  const sessionCreds = (p: Principal): Creds => {
    const creds = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(40).toString('base64'),
    }
    cloud.server.app.credentials.add({
      ...creds,
      principal: p,
      active: true,
      expiresAt: Date.now() + 3600_000,
    })
    return creds
  }

  before(async () => {
    cloud = await startCloud()
    iam = cloud.client(IAMClient)
    // The seed's roles, created as the seed does.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'apigw-kinesis',
        AssumeRolePolicyDocument: trustFor({ Service: 'apigateway.amazonaws.com' }),
      }),
    )
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'apigw-kinesis',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess',
      }),
    )
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'glue-s3',
        AssumeRolePolicyDocument: trustFor({ Service: 'glue.amazonaws.com' }),
      }),
    )
    for (const arn of [
      'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole',
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ]) {
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'glue-s3', PolicyArn: arn }))
    }
    await cloud
      .client(KinesisClient)
      .send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 }))
    const s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }))
    await s3.send(
      new PutObjectCommand({ Bucket: 'lake', Key: 'data/ref/titles.json', Body: '{"title_id":1}' }),
    )
  })
  after(() => cloud.stop())

  it('a trust policy naming only a service refuses the account root', async () => {
    await rejects(
      cloud
        .client(STSClient)
        .send(new AssumeRoleCommand({ RoleArn: apigwRole, RoleSessionName: 'probe' })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${apigwRole}`,
      403,
    )
  })

  it('iam:PassRole is decided with iam:PassedToService', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'deployer' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'deployer',
        PolicyName: 'pass-glue',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: glueRole,
              Condition: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
            },
          ],
        }),
      }),
    )
    const deployer: Principal = {
      kind: 'user',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
      userId: 'AIDADEPLOYER',
      name: 'deployer',
    }
    const app = cloud.server.app
    assert.equal(
      (await authorizePassRole(app, deployer, glueRole, 'glue.amazonaws.com')).allowed,
      true,
    )
    const toFirehose = await authorizePassRole(app, deployer, glueRole, 'firehose.amazonaws.com')
    assert.equal(toFirehose.allowed, false)
    assert.equal(
      toFirehose.message,
      `User: arn:aws:iam::${ACCOUNT}:user/deployer is not authorized to perform: iam:PassRole on resource: ${glueRole} because no identity-based policy allows the iam:PassRole action`,
    )
  })

  it('AssumeRole refuses ARNs that are not role ARNs', async () => {
    await rejects(
      cloud.client(STSClient).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/x`,
          RoleSessionName: 'probe',
        }),
      ),
      'ValidationError',
      'Request ARN is invalid',
      400,
    )
  })

  it('runAsRole checks the trust policy against the service principal', async () => {
    const p = await runAsRole(cloud.server.app, apigwRole, 'apigateway.amazonaws.com', 'apigw')
    assert.equal(p.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/apigw-kinesis/apigw`)
    await rejects(
      runAsRole(cloud.server.app, apigwRole, 'glue.amazonaws.com'),
      'AccessDenied',
      `glue.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${apigwRole}`,
      403,
    )
    const put = await authorize(cloud.server.app, p, 'kinesis:PutRecord', streamArn)
    assert.equal(put.allowed, true)
    const read = await authorize(cloud.server.app, p, 's3:GetObject', 'arn:aws:s3:::lake/x')
    assert.equal(read.allowed, false)
    assert.equal(read.reason, 'no-identity-allow')
  })

  it('runAsRole supplies the confused-deputy keys trust policies test', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'firehose-delivery',
        AssumeRolePolicyDocument: trustFor(
          { Service: 'firehose.amazonaws.com' },
          {
            Condition: {
              StringEquals: { 'sts:ExternalId': ACCOUNT, 'aws:SourceAccount': ACCOUNT },
              ArnLike: {
                'aws:SourceArn': `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/*`,
              },
            },
          },
        ),
      }),
    )
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/firehose-delivery`
    const p = await runAsRole(cloud.server.app, roleArn, 'firehose.amazonaws.com', {
      sourceArn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/raw`,
    })
    assert.match(
      p.arn,
      /^arn:aws:sts::000000000000:assumed-role\/firehose-delivery\/firehose-[0-9a-f]{12}$/,
    )
    await rejects(
      runAsRole(cloud.server.app, roleArn, 'firehose.amazonaws.com', {
        sourceArn: `arn:aws:glue:us-east-1:${ACCOUNT}:crawler/raw`,
      }),
      'AccessDenied',
      `firehose.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    )
  })

  it("the API Gateway role's session may PutRecord and may not read S3", async () => {
    const p = await runAsRole(cloud.server.app, apigwRole, 'apigateway.amazonaws.com', 'apigw')
    const credentials = sessionCreds(p)
    const who = await cloud
      .client(STSClient, { credentials })
      .send(new GetCallerIdentityCommand({}))
    assert.equal(who.Arn, p.arn)
    const kinesis = cloud.client(KinesisClient, { credentials })
    const out = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'clicks',
        Data: Buffer.from('{"a":1}'),
        PartitionKey: 'k',
      }),
    )
    assert.equal(out.ShardId, 'shardId-000000000000')
    await rejects(
      cloud
        .client(S3Client, { credentials })
        .send(new GetObjectCommand({ Bucket: 'lake', Key: 'data/ref/titles.json' })),
      'AccessDenied',
      `User: ${p.arn} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::lake/data/ref/titles.json" because no identity-based policy allows the s3:GetObject action`,
      403,
    )
  })

  it('a least-privilege API Gateway role (PutRecord only) may not DeleteStream', async () => {
    // AmazonKinesisFullAccess is kinesis:* (AWS's document), so it does allow DeleteStream; the
    // usual least-privilege role grants only the writes the integration makes.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'apigw-put',
        AssumeRolePolicyDocument: trustFor({ Service: 'apigateway.amazonaws.com' }),
      }),
    )
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'apigw-put',
        PolicyName: 'put',
        PolicyDocument: policy('Allow', ['kinesis:PutRecord', 'kinesis:PutRecords'], streamArn),
      }),
    )
    const p = await runAsRole(
      cloud.server.app,
      `arn:aws:iam::${ACCOUNT}:role/apigw-put`,
      'apigateway.amazonaws.com',
      'apigw',
    )
    const kinesis = cloud.client(KinesisClient, { credentials: sessionCreds(p) })
    await kinesis.send(
      new PutRecordCommand({ StreamName: 'clicks', Data: Buffer.from('{}'), PartitionKey: 'k' }),
    )
    await rejects(
      kinesis.send(new DeleteStreamCommand({ StreamName: 'clicks' })),
      'AccessDeniedException',
      `User: ${p.arn} is not authorized to perform: kinesis:DeleteStream on resource: ${streamArn} because no identity-based policy allows the kinesis:DeleteStream action`,
      400,
    )
  })

  it("the Glue role's session may read and write S3", async () => {
    const p = await runAsRole(cloud.server.app, glueRole, 'glue.amazonaws.com', 'crawler')
    const s3 = cloud.client(S3Client, { credentials: sessionCreds(p) })
    await s3.send(
      new PutObjectCommand({
        Bucket: 'lake',
        Key: 'data/raw/2026/01.json',
        Body: '{"title_id":1}',
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'lake', Key: 'data/raw/2026/01.json' }),
    )
    assert.equal(await got.Body?.transformToString(), '{"title_id":1}')
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'data/' }))
    assert.deepEqual(list.Contents?.map((o) => o.Key).sort(), [
      'data/raw/2026/01.json',
      'data/ref/titles.json',
    ])
  })

  it('IAM users with their own keys are denied until a policy allows; explicit deny wins', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }))
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
    const credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    }
    const kinesis = cloud.client(KinesisClient, { credentials })
    const alice = `arn:aws:iam::${ACCOUNT}:user/alice`
    await rejects(
      kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' })),
      'AccessDeniedException',
      `User: ${alice} is not authorized to perform: kinesis:DescribeStreamSummary on resource: ${streamArn} because no identity-based policy allows the kinesis:DescribeStreamSummary action`,
      400,
    )
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'alice',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess',
      }),
    )
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))
    assert.equal(summary.StreamDescriptionSummary?.StreamName, 'clicks')
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'no-clicks',
        PolicyDocument: policy('Deny', 'kinesis:*', streamArn),
      }),
    )
    await rejects(
      kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' })),
      'AccessDeniedException',
      `User: ${alice} is not authorized to perform: kinesis:DescribeStreamSummary on resource: ${streamArn} with an explicit deny in an identity-based policy`,
      400,
    )
    // A deny in a managed policy is named, as AWS names it.
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'no-clicks' }))
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'quarantine',
        PolicyDocument: policy('Deny', 'kinesis:DeleteStream'),
      }),
    )
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy?.Arn }))
    await rejects(
      kinesis.send(new DeleteStreamCommand({ StreamName: 'clicks' })),
      'AccessDeniedException',
      `User: ${alice} is not authorized to perform: kinesis:DeleteStream on resource: ${streamArn} with an explicit deny in an identity-based policy: arn:aws:iam::${ACCOUNT}:policy/quarantine`,
      400,
    )
    const who = await cloud
      .client(STSClient, { credentials })
      .send(new GetCallerIdentityCommand({}))
    assert.equal(who.Arn, alice)
    await rejects(
      cloud.client(IAMClient, { credentials }).send(new CreateUserCommand({ UserName: 'mallory' })),
      'AccessDenied',
      `User: ${alice} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
      403,
    )
    await iam.send(
      new DetachUserPolicyCommand({
        UserName: 'alice',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess',
      }),
    )
  })

  it('created keys are verified: wrong secrets, inactive and deleted keys are refused', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }))
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))
    const id = AccessKey?.AccessKeyId ?? ''
    const sts = (secret: string) =>
      cloud.client(STSClient, { credentials: { accessKeyId: id, secretAccessKey: secret } })
    await rejects(
      sts('wrong-secret').send(new GetCallerIdentityCommand({})),
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    )
    await rejects(
      cloud
        .client(KinesisClient, {
          credentials: { accessKeyId: id, secretAccessKey: 'wrong-secret' },
        })
        .send(new ListStreamsCommand({})),
      'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided/,
      400,
    )
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: id, Status: 'Inactive' }),
    )
    await rejects(
      sts(AccessKey?.SecretAccessKey ?? '').send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    )
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: id }))
    await rejects(
      sts(AccessKey?.SecretAccessKey ?? '').send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    )
  })

  it('AssumeRole: a trust naming the user needs no identity policy; session policies narrow; limits hold', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }))
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))
    const carol = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    }
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/ops`
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ops',
        AssumeRolePolicyDocument: trustFor(
          { AWS: `arn:aws:iam::${ACCOUNT}:user/carol` },
          { Condition: { StringEquals: { 'sts:ExternalId': 'ticket-42' } } },
        ),
      }),
    )
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'ops',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess',
      }),
    )
    const sts = cloud.client(STSClient, { credentials: carol })
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'probe' })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/carol is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    )
    await rejects(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'probe',
          ExternalId: 'ticket-42',
          DurationSeconds: 7200,
        }),
      ),
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      400,
    )
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'deploy',
        ExternalId: 'ticket-42',
        Policy: policy('Allow', 'kinesis:ListStreams'),
      }),
    )
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/)
    assert.ok((out.Credentials?.Expiration?.getTime() ?? 0) > Date.now() + 3500_000)
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/deploy`)
    const credentials = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    }
    const who = await cloud
      .client(STSClient, { credentials })
      .send(new GetCallerIdentityCommand({}))
    assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/deploy`)
    const kinesis = cloud.client(KinesisClient, { credentials })
    const streams = await kinesis.send(new ListStreamsCommand({}))
    assert.deepEqual(streams.StreamNames, ['clicks'])
    await rejects(
      kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' })),
      'AccessDeniedException',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ops/deploy is not authorized to perform: kinesis:DescribeStreamSummary on resource: ${streamArn} because no session policy allows the kinesis:DescribeStreamSummary action`,
      400,
    )
    await rejects(
      cloud
        .client(STSClient, {
          credentials: { ...credentials, sessionToken: `${credentials.sessionToken}x` },
        })
        .send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    )
    await rejects(
      cloud.client(STSClient, { credentials }).send(new GetSessionTokenCommand({})),
      'AccessDenied',
      'Cannot call GetSessionToken with session credentials',
      403,
    )
  })

  it('session tags need sts:TagSession and become aws:PrincipalTag', async () => {
    const sts = cloud.client(STSClient)
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/tagged`
    const rootTrust = (actions: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: actions },
        ],
      })
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'tagged',
        AssumeRolePolicyDocument: rootTrust(['sts:AssumeRole']),
      }),
    )
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'tagged',
        PolicyName: 'team-data',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'kinesis:ListStreams',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } },
            },
          ],
        }),
      }),
    )
    const tags = (team: string) => [{ Key: 'team', Value: team }]
    await rejects(
      sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'probe', Tags: tags('data') }),
      ),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:TagSession on resource: ${roleArn}`,
      403,
    )
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'tagged',
        PolicyDocument: rootTrust(['sts:AssumeRole', 'sts:TagSession']),
      }),
    )
    const kinesisAs = async (team: string) => {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: team, Tags: tags(team) }),
      )
      return cloud.client(KinesisClient, {
        credentials: {
          accessKeyId: Credentials?.AccessKeyId ?? '',
          secretAccessKey: Credentials?.SecretAccessKey ?? '',
          sessionToken: Credentials?.SessionToken ?? '',
        },
      })
    }
    const data = await (await kinesisAs('data')).send(new ListStreamsCommand({}))
    assert.ok(data.StreamNames?.includes('clicks'))
    await rejects(
      (await kinesisAs('web')).send(new ListStreamsCommand({})),
      'AccessDeniedException',
      /^User: arn:aws:sts::000000000000:assumed-role\/tagged\/web is not authorized to perform: kinesis:ListStreams on resource: .* because no identity-based policy allows the kinesis:ListStreams action$/,
      400,
    )
  })

  it('role sessions must name the user for user-defaulting IAM calls', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'admin',
        AssumeRolePolicyDocument: trustFor({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      }),
    )
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    const { Credentials } = await cloud.client(STSClient).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
        RoleSessionName: 'ops',
      }),
    )
    const admin = cloud.client(IAMClient, {
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      },
    })
    for (const call of [
      admin.send(new GetUserCommand({})),
      admin.send(new CreateAccessKeyCommand({})),
    ]) {
      await rejects(
        call,
        'ValidationError',
        'Must specify userName when calling with non-User credentials',
        400,
      )
    }
    const root = await iam.send(new GetUserCommand({}))
    assert.equal(root.User?.Arn, `arn:aws:iam::${ACCOUNT}:root`)
  })

  it('expired session credentials answer ExpiredToken', async () => {
    const p = await runAsRole(cloud.server.app, glueRole, 'glue.amazonaws.com', 'old')
    const creds = {
      accessKeyId: 'ASIAEXPIREDEXAMPLE01',
      secretAccessKey: 'x'.repeat(40),
      sessionToken: 'tok',
    }
    cloud.server.app.credentials.add({
      ...creds,
      principal: p,
      active: true,
      expiresAt: Date.now() - 1000,
    })
    await rejects(
      cloud.client(STSClient, { credentials: creds }).send(new GetCallerIdentityCommand({})),
      'ExpiredToken',
      'The security token included in the request is expired',
      403,
    )
  })

  it('GetSessionToken gives an IAM user temporary credentials with the same permissions', async () => {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))
    const sts = cloud.client(STSClient, {
      credentials: {
        accessKeyId: AccessKey?.AccessKeyId ?? '',
        secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      },
    })
    const { Credentials } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))
    const temp = cloud.client(STSClient, {
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      },
    })
    const who = await temp.send(new GetCallerIdentityCommand({}))
    assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/carol`)
  })
})

describe('credentials across a restart', () => {
  it('IAM access keys and STS sessions still sign after a restart; deleted keys stay refused', async () => {
    const first = await startCloud()
    const dataDir = first.dataDir
    const iam = first.client(IAMClient)
    await iam.send(new CreateUserCommand({ UserName: 'ivy' }))
    const keep = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }))).AccessKey
    const gone = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }))).AccessKey
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'ivy', AccessKeyId: gone?.AccessKeyId }))
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ops',
        AssumeRolePolicyDocument: trustFor({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      }),
    )
    const { Credentials } = await first.client(STSClient).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/ops`,
        RoleSessionName: 'night',
      }),
    )
    await first.server.stop()
    const again = await startCloud(['--data-dir', dataDir])
    try {
      const as = (credentials: Creds) =>
        again.client(STSClient, { credentials }).send(new GetCallerIdentityCommand({}))
      const user = await as({
        accessKeyId: keep?.AccessKeyId ?? '',
        secretAccessKey: keep?.SecretAccessKey ?? '',
      })
      assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/ivy`)
      const session = await as({
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      })
      assert.equal(session.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/night`)
      await rejects(
        as({ accessKeyId: gone?.AccessKeyId ?? '', secretAccessKey: gone?.SecretAccessKey ?? '' }),
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      )
    } finally {
      await again.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

describe('temporary credentials expire on the server clock', () => {
  it('AssumeRole credentials sign until Expiration, then answer ExpiredToken', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'millrace-iam-clock-'))
    let now = Date.now()
    const server = await startServer(testConfig(dataDir), { now: () => now })
    // Clients sign with the server's (moved) clock, as a client whose clock agrees with AWS's.
    const client = <C>(ctor: new (c: Record<string, unknown>) => C, credentials: Creds) =>
      new ctor({
        region: 'us-east-1',
        endpoint: server.url,
        credentials,
        maxAttempts: 1,
        systemClockOffset: now - Date.now(),
      })
    try {
      const root = { accessKeyId: 'AKIAROOTCLOCK0000001', secretAccessKey: 'x' }
      await client(IAMClient, root).send(
        new CreateRoleCommand({
          RoleName: 'short',
          AssumeRolePolicyDocument: trustFor({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
        }),
      )
      const { Credentials } = await client(STSClient, root).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/short`,
          RoleSessionName: 'brief',
          DurationSeconds: 900,
        }),
      )
      // The wire carries whole seconds.
      assert.equal(Credentials?.Expiration?.getTime(), Math.floor((now + 900_000) / 1000) * 1000)
      const session = {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      }
      now += 899_000
      const who = await client(STSClient, session).send(new GetCallerIdentityCommand({}))
      assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/short/brief`)
      now += 2_000
      await rejects(
        client(STSClient, session).send(new GetCallerIdentityCommand({})),
        'ExpiredToken',
        'The security token included in the request is expired',
        403,
      )
    } finally {
      await server.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
