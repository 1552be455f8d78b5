import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const TRUST_APIGW = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
})
const KINESIS_FULL = 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess'
const doc = (action: string, resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  })

describe('IAM entities', () => {
  let cloud: Cloud
  let iam: IAMClient
  before(async () => {
    cloud = await startCloud()
    iam = cloud.client(IAMClient)
  })
  after(() => cloud.stop())

  it('creates a role with a trust policy and returns it URL-encoded, as IAM does', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'apigw-kinesis',
        AssumeRolePolicyDocument: TRUST_APIGW,
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    )
    assert.equal(Role?.Arn, 'arn:aws:iam::000000000000:role/apigw-kinesis')
    assert.match(Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/)
    const got = await iam.send(new GetRoleCommand({ RoleName: 'apigw-kinesis' }))
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), TRUST_APIGW)
    assert.equal(got.Role?.MaxSessionDuration, 3600)
    assert.deepEqual(got.Role?.Tags, [{ Key: 'a', Value: 'b' }])
    const list = await iam.send(new ListRolesCommand({}))
    assert.deepEqual(
      list.Roles?.map((r) => r.RoleName),
      ['apigw-kinesis'],
    )
  })

  it('refuses unknown and duplicate roles with AWS wording', async () => {
    await rejects(
      iam.send(new GetRoleCommand({ RoleName: 'nope' })),
      'NoSuchEntityException',
      'The role with name nope cannot be found.',
      404,
    )
    await rejects(
      iam.send(
        new CreateRoleCommand({ RoleName: 'APIGW-KINESIS', AssumeRolePolicyDocument: TRUST_APIGW }),
      ),
      'EntityAlreadyExistsException',
      'Role with name APIGW-KINESIS already exists.',
      409,
    )
  })

  it('attaches AWS managed policies and lists them; detached policies disappear', async () => {
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'apigw-kinesis', PolicyArn: KINESIS_FULL }),
    )
    const { AttachedPolicies } = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'apigw-kinesis' }),
    )
    assert.deepEqual(AttachedPolicies, [
      { PolicyName: 'AmazonKinesisFullAccess', PolicyArn: KINESIS_FULL },
    ])
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: KINESIS_FULL }))
    assert.equal(Policy?.AttachmentCount, 1)
    const v = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: KINESIS_FULL, VersionId: 'v1' }),
    )
    assert.deepEqual(
      JSON.parse(decodeURIComponent(v.PolicyVersion?.Document ?? '')).Statement[0].Action,
      'kinesis:*',
    )
    const glue = await iam.send(
      new GetPolicyCommand({
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole',
      }),
    )
    assert.equal(glue.Policy?.Path, '/service-role/')
    await rejects(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy',
        }),
      ),
      'NoSuchEntityException',
      'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
      404,
    )
    await rejects(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyArn: 'not-an-arn-at-all-really',
        }),
      ),
      'InvalidInputException',
      'ARN not-an-arn-at-all-really is not valid.',
      400,
    )
    await rejects(
      iam.send(new DeleteRoleCommand({ RoleName: 'apigw-kinesis' })),
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
      409,
    )
    await iam.send(
      new DetachRolePolicyCommand({ RoleName: 'apigw-kinesis', PolicyArn: KINESIS_FULL }),
    )
    const after = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'apigw-kinesis' }))
    assert.deepEqual(after.AttachedPolicies, [])
  })

  it('customer managed policies have versions with one default', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'put', PolicyDocument: doc('kinesis:PutRecord') }),
    )
    const arn = Policy?.Arn ?? ''
    assert.equal(arn, 'arn:aws:iam::000000000000:policy/put')
    assert.equal(Policy?.DefaultVersionId, 'v1')
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: arn,
        PolicyDocument: doc('kinesis:*'),
        SetAsDefault: true,
      }),
    )
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    assert.deepEqual(
      versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v2', true],
        ['v1', false],
      ],
    )
    await rejects(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })),
      'DeleteConflictException',
      'Cannot delete the default version of a policy.',
      409,
    )
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    for (let i = 0; i < 3; i++)
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') }),
      )
    await rejects(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') })),
      'LimitExceededException',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      409,
    )
    await rejects(
      iam.send(new CreatePolicyCommand({ PolicyName: 'put', PolicyDocument: doc('s3:*') })),
      'EntityAlreadyExistsException',
      'A policy called put already exists. Duplicate names are not allowed.',
      409,
    )
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))
    assert.deepEqual(
      local.Policies?.map((p) => p.PolicyName),
      ['put'],
    )
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))
    assert.ok((aws.Policies?.length ?? 0) >= 13)
  })

  it('inline policies round-trip; malformed and oversized documents are refused', async () => {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'apigw-kinesis',
        PolicyName: 'p1',
        PolicyDocument: doc('s3:GetObject'),
      }),
    )
    const got = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'apigw-kinesis', PolicyName: 'p1' }),
    )
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), doc('s3:GetObject'))
    const names = await iam.send(new ListRolePoliciesCommand({ RoleName: 'apigw-kinesis' }))
    assert.deepEqual(names.PolicyNames, ['p1'])
    await rejects(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyName: 'bad',
          PolicyDocument: '{"Version":',
        }),
      ),
      'MalformedPolicyDocumentException',
      'This policy contains invalid Json',
      400,
    )
    await rejects(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyName: 'bad',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }],
          }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Policy statement must contain resources.',
      400,
    )
    await rejects(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyName: 'bad',
          PolicyDocument: doc('GetObject'),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
      400,
    )
    await rejects(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'apigw-kinesis',
          PolicyName: 'bad',
          PolicyDocument: doc('s3:*', 'bucket'),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Resource bucket must be in ARN format or "*".',
      400,
    )
    await rejects(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'r2',
          AssumeRolePolicyDocument: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'glue.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Resource: '*',
              },
            ],
          }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Has prohibited field Resource.',
      400,
    )
    await iam.send(new CreateUserCommand({ UserName: 'bob' }))
    const many = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: Array.from({ length: 120 }, (_, i) => `s3:Get${i}Object`),
          Resource: '*',
        },
      ],
    })
    await rejects(
      iam.send(
        new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'big', PolicyDocument: many }),
      ),
      'LimitExceededException',
      'Maximum policy size of 2048 bytes exceeded for user bob',
      409,
    )
  })

  it('managed policies and trust policies have size limits; identity policies may not name principals', async () => {
    const huge = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: Array.from({ length: 400 }, (_, i) => `s3:GetObject${i}`),
          Resource: '*',
        },
      ],
    })
    await rejects(
      iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: huge })),
      'LimitExceededException',
      'Cannot exceed quota for PolicySize: 6144',
      409,
    )
    const bigTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::000000000000:user/u${i}`),
          },
          Action: 'sts:AssumeRole',
        },
      ],
    })
    await rejects(
      iam.send(
        new CreateRoleCommand({ RoleName: 'big-trust', AssumeRolePolicyDocument: bigTrust }),
      ),
      'LimitExceededException',
      'Cannot exceed quota for ACLSizePerRole: 2048',
      409,
    )
    await rejects(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: 'with-principal',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
          }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Has prohibited field Principal.',
      400,
    )
    await rejects(
      iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::000000000000:policy/none' })),
      'NoSuchEntityException',
      'Policy arn:aws:iam::000000000000:policy/none was not found.',
      404,
    )
  })

  it('users, groups and access keys', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'writers' }))
    await iam.send(new AddUserToGroupCommand({ GroupName: 'writers', UserName: 'bob' }))
    const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'bob' }))
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ['writers'],
    )
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: KINESIS_FULL }))
    const ents = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: KINESIS_FULL }))
    assert.deepEqual(
      ents.PolicyUsers?.map((u) => u.UserName),
      ['bob'],
    )
    const k1 = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))
    assert.match(k1.AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/)
    assert.equal(k1.AccessKey?.SecretAccessKey?.length, 40)
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))
    await rejects(
      iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })),
      'LimitExceededException',
      'Cannot exceed quota for AccessKeysPerUser: 2',
      409,
    )
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'bob',
        AccessKeyId: k1.AccessKey?.AccessKeyId,
        Status: 'Inactive',
      }),
    )
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))
    assert.deepEqual(keys.AccessKeyMetadata?.map((k) => k.Status).sort(), ['Active', 'Inactive'])
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: k1.AccessKey?.AccessKeyId }),
    )
    await rejects(
      iam.send(
        new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: k1.AccessKey?.AccessKeyId }),
      ),
      'NoSuchEntityException',
      `The Access Key with id ${k1.AccessKey?.AccessKeyId} cannot be found.`,
      404,
    )
  })

  it('user tags: tag, list, untag', async () => {
    await iam.send(
      new TagUserCommand({
        UserName: 'bob',
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    )
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'env', Value: 'prod' }] }))
    const listed = await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))
    assert.deepEqual(listed.Tags, [
      { Key: 'team', Value: 'data' },
      { Key: 'env', Value: 'prod' },
    ])
    await iam.send(new UntagUserCommand({ UserName: 'bob', TagKeys: ['team'] }))
    const after = await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))
    assert.deepEqual(after.Tags, [{ Key: 'env', Value: 'prod' }])
  })

  it('instance profiles hold one role', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip' }))
    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip', RoleName: 'apigw-kinesis' }),
    )
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: 'ip' }),
    )
    assert.deepEqual(
      InstanceProfile?.Roles?.map((r) => r.RoleName),
      ['apigw-kinesis'],
    )
    await rejects(
      iam.send(
        new AddRoleToInstanceProfileCommand({
          InstanceProfileName: 'ip',
          RoleName: 'apigw-kinesis',
        }),
      ),
      'LimitExceededException',
      'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
      409,
    )
    await rejects(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'none' })),
      'NoSuchEntityException',
      'Instance Profile none cannot be found.',
      404,
    )
  })

  it('state survives a restart', async () => {
    const dataDir = cloud.dataDir
    await cloud.server.stop()
    const again = await startCloud(['--data-dir', dataDir])
    try {
      const c = again.client(IAMClient)
      const got = await c.send(new GetRoleCommand({ RoleName: 'apigw-kinesis' }))
      assert.equal(got.Role?.RoleName, 'apigw-kinesis')
      const keys = await c.send(new ListAccessKeysCommand({ UserName: 'bob' }))
      assert.equal(keys.AccessKeyMetadata?.length, 1)
    } finally {
      await again.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
    cloud = await startCloud()
  })
})
