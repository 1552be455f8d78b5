import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { model as iam } from '../gen/iam.js'
import { model as sts } from '../gen/sts.js'
import { AwsError } from '../server/errors.js'
import { type Handle, inProcess } from '../testing/protocol-loopback.js'
import { awsQuery } from './aws-query.js'
import type { WireRequest } from './protocol.js'

const base = {
  region: 'us-east-1',
  endpoint: 'http://localhost:1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
}
const iamClient = (handle: Handle) =>
  new IAMClient({ ...base, requestHandler: inProcess(awsQuery, iam, handle) })
const stsClient = (handle: Handle) =>
  new STSClient({ ...base, requestHandler: inProcess(awsQuery, sts, handle) })

const form = (body: string, headers: Record<string, string> = {}): WireRequest => ({
  method: 'POST',
  path: '/',
  rawQuery: '',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  host: 'localhost',
  body: Buffer.from(body),
})

const created = new Date('2025-01-01T00:00:00Z')
const role = {
  Path: '/',
  RoleName: 'apigw-kinesis',
  RoleId: 'AROAEXAMPLE',
  Arn: 'arn:aws:iam::000000000000:role/apigw-kinesis',
  CreateDate: created,
  AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D',
  Tags: [{ Key: 'team', Value: 'data' }],
  MaxSessionDuration: 3600,
}

describe('awsQuery with the IAM and STS SDKs', () => {
  it('IAM CreateRole: flattened Tags list in, Role out', async () => {
    const client = iamClient((op, input) => {
      assert.equal(op.name, 'CreateRole')
      assert.deepEqual(input, {
        RoleName: 'apigw-kinesis',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
        MaxSessionDuration: 3600,
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'a&b=c d' },
        ],
      })
      return { Role: role }
    })
    const out = await client.send(
      new CreateRoleCommand({
        RoleName: 'apigw-kinesis',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
        MaxSessionDuration: 3600,
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'a&b=c d' },
        ],
      }),
    )
    assert.equal(out.Role?.RoleName, 'apigw-kinesis')
    assert.deepEqual(out.Role?.CreateDate, created)
    assert.deepEqual(out.Role?.Tags, [{ Key: 'team', Value: 'data' }])
    assert.equal(out.Role?.MaxSessionDuration, 3600)
    assert.equal(out.$metadata.requestId, 'req-1')
  })

  it('IAM ListRoles: member lists and booleans out', async () => {
    const client = iamClient((op, input) => {
      assert.equal(op.name, 'ListRoles')
      assert.deepEqual(input, { PathPrefix: '/service/', MaxItems: 10 })
      return { Roles: [role, { ...role, RoleName: 'glue' }], IsTruncated: true, Marker: 'm1' }
    })
    const out = await client.send(new ListRolesCommand({ PathPrefix: '/service/', MaxItems: 10 }))
    assert.deepEqual(
      out.Roles?.map((r) => r.RoleName),
      ['apigw-kinesis', 'glue'],
    )
    assert.equal(out.IsTruncated, true)
    assert.equal(out.Marker, 'm1')
  })

  it('IAM errors: NoSuchEntity 404 parsed by the SDK', async () => {
    const client = iamClient(() => {
      throw new AwsError('NoSuchEntity', 'The role with name nope cannot be found.', 404)
    })
    const err = await client.send(new GetRoleCommand({ RoleName: 'nope' })).catch((e: unknown) => e)
    assert.ok(err instanceof NoSuchEntityException)
    assert.equal(err.message, 'The role with name nope cannot be found.')
    assert.equal(err.$metadata.httpStatusCode, 404)
    assert.equal(err.$fault, 'client')
  })

  it('writes ErrorResponse with Type, Code, Message and RequestId', () => {
    const res = awsQuery.serializeError(new AwsError('ServiceFailure', 'boom', 500), {
      requestId: 'r',
      service: iam,
    })
    assert.equal(res.status, 500)
    assert.equal(
      res.body,
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>' +
        '<Code>ServiceFailure</Code><Message>boom</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    )
  })

  it('STS GetCallerIdentity', async () => {
    const client = stsClient((op, input) => {
      assert.equal(op.name, 'GetCallerIdentity')
      assert.deepEqual(input, {})
      return {
        UserId: 'AIDAEXAMPLE',
        Account: '000000000000',
        Arn: 'arn:aws:iam::000000000000:root',
      }
    })
    const out = await client.send(new GetCallerIdentityCommand({}))
    assert.equal(out.Account, '000000000000')
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root')
  })

  it('STS AssumeRole: PolicyArns list in, Credentials with a Date Expiration out', async () => {
    const expiration = new Date('2025-01-01T01:00:00Z')
    const client = stsClient((op, input) => {
      assert.equal(op.name, 'AssumeRole')
      assert.deepEqual(input, {
        RoleArn: 'arn:aws:iam::000000000000:role/glue',
        RoleSessionName: 's1',
        DurationSeconds: 900,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole' }],
      })
      return {
        Credentials: {
          AccessKeyId: 'ASIA1',
          SecretAccessKey: 's',
          SessionToken: 't',
          Expiration: expiration,
        },
        AssumedRoleUser: {
          AssumedRoleId: 'AROA1:s1',
          Arn: 'arn:aws:sts::000000000000:assumed-role/glue/s1',
        },
        PackedPolicySize: 6,
      }
    })
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/glue',
        RoleSessionName: 's1',
        DurationSeconds: 900,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole' }],
      }),
    )
    assert.deepEqual(out.Credentials?.Expiration, expiration)
    assert.equal(out.Credentials?.SessionToken, 't')
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, 'AROA1:s1')
    assert.equal(out.PackedPolicySize, 6)
  })

  it('writes the Response/Result envelope with whole-second date-times', () => {
    const res = awsQuery.serialize(
      {
        Credentials: {
          AccessKeyId: 'A',
          SecretAccessKey: 'S',
          SessionToken: 'T',
          Expiration: created,
        },
      },
      sts.operations.GetSessionToken!,
      { requestId: 'r', service: sts },
    )
    assert.equal(
      res.body,
      '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult>' +
        '<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken>' +
        '<Expiration>2025-01-01T00:00:00Z</Expiration></Credentials></GetSessionTokenResult>' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>',
    )
  })
})

describe('awsQuery decoding', () => {
  it('maps, nested structures, GET query strings and empty lists', async () => {
    const req = {
      ...form(''),
      method: 'GET',
      headers: {},
      rawQuery:
        'Action=TagRole&Version=2010-05-08&RoleName=r&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Tags.member.2.Value=',
    }
    const op = awsQuery.resolveOperation(req, iam)
    assert.equal(op?.name, 'TagRole')
    assert.deepEqual(await awsQuery.parse(req, op!, iam), {
      RoleName: 'r',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '' },
      ],
    })
    const empty = form('Action=TagRole&Version=2010-05-08&RoleName=r&Tags=')
    assert.deepEqual(await awsQuery.parse(empty, op!, iam), { RoleName: 'r', Tags: [] })
    const ctx = form(
      'Action=AssumeRole&RoleArn=x&RoleSessionName=s&Tags.member.1.Key=k&Tags.member.1.Value=v&TransitiveTagKeys.member.1=k&ProvidedContexts.member.1.ProviderArn=p',
    )
    const assume = awsQuery.resolveOperation(ctx, sts)!
    assert.deepEqual(await awsQuery.parse(ctx, assume, sts), {
      RoleArn: 'x',
      RoleSessionName: 's',
      Tags: [{ Key: 'k', Value: 'v' }],
      TransitiveTagKeys: ['k'],
      ProvidedContexts: [{ ProviderArn: 'p' }],
    })
  })

  it('unknown Action → InvalidAction; missing Action → MissingAction', () => {
    const unknown = form('Action=Frobnicate&Version=2010-05-08')
    assert.equal(awsQuery.resolveOperation(unknown, iam), undefined)
    const err = awsQuery.unknownOperation(unknown, iam)
    assert.equal(err.code, 'InvalidAction')
    assert.equal(err.status, 400)
    assert.equal(err.message, 'Could not find operation Frobnicate for version 2010-05-08')
    const missing = awsQuery.unknownOperation(form('Version=2010-05-08'), iam)
    assert.equal(missing.code, 'MissingAction')
    assert.equal(missing.status, 400)
    assert.equal(missing.message, 'The request is missing an action or a required parameter.')
  })

  it('malformed form body → MalformedQueryString', () => {
    const bad = form('Action=ListRoles&PathPrefix=%zz')
    assert.equal(awsQuery.resolveOperation(bad, iam), undefined)
    const err = awsQuery.unknownOperation(bad, iam)
    assert.equal(err.code, 'MalformedQueryString')
    assert.equal(err.status, 404)
    assert.equal(
      err.message,
      "The query string contains a syntax error: invalid percent-encoding in '%zz'",
    )
  })
})
