/**
 * Evaluator conformance table: cases from AWS's documented examples (IAM User Guide: policy
 * evaluation logic, condition operators, policy variables, example IAM identity-based
 * policies, permissions boundaries, session policies, resource-based policies).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type DecisionReason,
  type EvalPrincipal,
  evaluate,
  type PolicySet,
} from '../src/iam/evaluator.js'
import { compilePolicy, isPublicPolicy, wildcardMatcher } from '../src/iam/policy.js'

const ACCT = '111122223333'
const user: EvalPrincipal = { kind: 'user', account: ACCT, arn: `arn:aws:iam::${ACCT}:user/Bob` }
const session: EvalPrincipal = {
  kind: 'assumed-role',
  account: ACCT,
  arn: `arn:aws:sts::${ACCT}:assumed-role/R/s`,
  roleArn: `arn:aws:iam::${ACCT}:role/R`,
}

type Stmt = Record<string, unknown>
const doc = (...Statement: Stmt[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const id = (...s: Stmt[]) => compilePolicy(doc(...s), 'identity')
const res = (...s: Stmt[]) => compilePolicy(doc(...s), 'resource')

interface Case {
  name: string
  identity?: Stmt[][]
  boundary?: Stmt[]
  session?: Stmt[]
  resourcePolicy?: Stmt[]
  /** The resource policy is a role's trust policy (no Resource element). */
  isTrust?: boolean
  principal?: EvalPrincipal
  action: string
  resource: string
  context?: Record<string, string | string[]>
  expect: DecisionReason
}

const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' }
/** The `aws:username` policy variable, written without a template-looking literal. */
const USERNAME = `$${'{aws:username}'}`

const CASES: Case[] = [
  {
    name: 'no policy: implicit deny',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'no-identity-allow',
  },
  {
    name: 'allow *',
    identity: [[allowAll]],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'allowed',
  },
  {
    name: 'explicit deny overrides allow',
    identity: [[allowAll], [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }]],
    action: 's3:DeleteBucket',
    resource: 'arn:aws:s3:::b',
    expect: 'explicit-deny-identity',
  },
  {
    name: 'action names are case-insensitive',
    identity: [[{ Effect: 'Allow', Action: 'KINESIS:putrecord', Resource: '*' }]],
    action: 'kinesis:PutRecord',
    resource: 'arn:aws:kinesis:us-east-1:111122223333:stream/s',
    expect: 'allowed',
  },
  {
    name: 'action wildcards: s3:Get*',
    identity: [[{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }]],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'no-identity-allow',
  },
  {
    name: 'bucket/* matches objects, not the bucket',
    identity: [[{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b/*' }]],
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::b',
    expect: 'no-identity-allow',
  },
  {
    name: 'NotAction with Allow: everything except IAM',
    identity: [[{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]],
    action: 'iam:CreateUser',
    resource: `arn:aws:iam::${ACCT}:user/x`,
    expect: 'no-identity-allow',
  },
  {
    name: 'NotAction with Deny: deny all but listed (MFA example shape)',
    identity: [
      [allowAll],
      [{ Effect: 'Deny', NotAction: ['iam:ChangePassword', 'sts:GetSessionToken'], Resource: '*' }],
    ],
    action: 'sts:GetSessionToken',
    resource: '*',
    expect: 'allowed',
  },
  {
    name: 'NotResource: deny everything but one bucket',
    identity: [
      [allowAll],
      [{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::ok', 'arn:aws:s3:::ok/*'] }],
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::other/k',
    expect: 'explicit-deny-identity',
  },
  {
    name: 'policy variable aws:username in Resource (home folder example)',
    identity: [
      [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::b/home/${USERNAME}/*` }],
    ],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/home/Bob/file',
    context: { 'aws:username': 'Bob' },
    expect: 'allowed',
  },
  {
    name: "policy variable doesn't match another user's folder",
    identity: [
      [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::b/home/${USERNAME}/*` }],
    ],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/home/Alice/file',
    context: { 'aws:username': 'Bob' },
    expect: 'no-identity-allow',
  },
  {
    name: 'StringLike s3:prefix with a policy variable',
    identity: [
      [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringLike: { 's3:prefix': ['', 'home/', `home/${USERNAME}/*`] } },
        },
      ],
    ],
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::b',
    context: { 'aws:username': 'Bob', 's3:prefix': 'home/Bob/photos' },
    expect: 'allowed',
  },
  {
    name: 'IpAddress: outside the range',
    identity: [
      [
        {
          ...allowAll,
          Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: { 'aws:sourceip': '198.51.100.7' },
    expect: 'no-identity-allow',
  },
  {
    name: 'IpAddress: inside the range',
    identity: [
      [
        {
          ...allowAll,
          Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: { 'aws:sourceip': '203.0.113.9' },
    expect: 'allowed',
  },
  {
    name: 'NotIpAddress deny (deny access based on source IP example)',
    identity: [
      [allowAll],
      [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
        },
      ],
    ],
    action: 'kinesis:PutRecord',
    resource: '*',
    context: { 'aws:sourceip': '10.1.2.3' },
    expect: 'explicit-deny-identity',
  },
  {
    name: 'IPv6 range',
    identity: [[{ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }]],
    action: 's3:GetObject',
    resource: '*',
    context: { 'aws:sourceip': '2001:db8:1::5' },
    expect: 'allowed',
  },
  {
    name: 'date window on aws:CurrentTime',
    identity: [
      [
        {
          ...allowAll,
          Condition: {
            DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
            DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' },
          },
        },
      ],
    ],
    action: 'ec2:RunInstances',
    resource: '*',
    context: { 'aws:currenttime': '2020-07-01T00:00:00Z' },
    expect: 'no-identity-allow',
  },
  {
    name: 'BinaryEquals compares base64 values',
    identity: [
      [
        {
          ...allowAll,
          Condition: { BinaryEquals: { 'custom:blob': 'QmluYXJ5' } },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: '*',
    context: { 'custom:blob': 'Binary' },
    expect: 'allowed',
  },
  {
    name: 'dates may be epoch seconds',
    identity: [[{ ...allowAll, Condition: { DateLessThan: { 'aws:CurrentTime': '1893456000' } } }]],
    action: 's3:GetObject',
    resource: '*',
    context: { 'aws:currenttime': '2026-01-01T00:00:00Z' },
    expect: 'allowed',
  },
  {
    name: 'Bool aws:SecureTransport false is denied',
    identity: [
      [allowAll],
      [
        {
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: { 'aws:securetransport': 'false' },
    expect: 'explicit-deny-identity',
  },
  {
    name: 'NumericLessThanEquals s3:max-keys',
    identity: [[{ ...allowAll, Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }]],
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::b',
    context: { 's3:max-keys': '50' },
    expect: 'no-identity-allow',
  },
  {
    name: 'StringNotEquals with the key absent holds (deny outside region applies)',
    identity: [
      [allowAll],
      [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1'] } },
        },
      ],
    ],
    action: 'kinesis:ListStreams',
    resource: '*',
    context: { 'aws:requestedregion': 'us-east-1' },
    expect: 'explicit-deny-identity',
  },
  {
    name: 'StringEquals with the key absent does not hold',
    identity: [[{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }]],
    action: 's3:GetObject',
    resource: '*',
    expect: 'no-identity-allow',
  },
  {
    name: '...IfExists holds when the key is absent',
    identity: [
      [{ ...allowAll, Condition: { StringEqualsIfExists: { 'ec2:InstanceType': ['t2.micro'] } } }],
    ],
    action: 's3:GetObject',
    resource: '*',
    expect: 'allowed',
  },
  {
    name: 'Null: true means the key is absent (long-term credentials)',
    identity: [[{ ...allowAll, Condition: { Null: { 'aws:TokenIssueTime': 'true' } } }]],
    action: 's3:GetObject',
    resource: '*',
    expect: 'allowed',
  },
  {
    name: 'ForAllValues:StringEquals with all request tags allowed',
    identity: [
      [
        {
          ...allowAll,
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] },
          },
        },
      ],
    ],
    action: 'ec2:CreateTags',
    resource: '*',
    context: { 'aws:tagkeys': ['environment'] },
    expect: 'allowed',
  },
  {
    name: 'ForAllValues:StringEquals with an extra tag key',
    identity: [
      [
        {
          ...allowAll,
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] },
          },
        },
      ],
    ],
    action: 'ec2:CreateTags',
    resource: '*',
    context: { 'aws:tagkeys': ['environment', 'owner'] },
    expect: 'no-identity-allow',
  },
  {
    name: 'ForAllValues holds for an absent key (AWS warns about this)',
    identity: [
      [
        {
          ...allowAll,
          Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } },
        },
      ],
    ],
    action: 'ec2:CreateTags',
    resource: '*',
    expect: 'allowed',
  },
  {
    name: 'ForAnyValue:StringEquals needs one match',
    identity: [
      [
        {
          ...allowAll,
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } },
        },
      ],
    ],
    action: 'ec2:CreateTags',
    resource: '*',
    context: { 'aws:tagkeys': ['owner', 'environment'] },
    expect: 'allowed',
  },
  {
    name: 'ArnLike on aws:PrincipalArn',
    identity: [
      [
        {
          ...allowAll,
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin-*' } },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: '*',
    context: { 'aws:principalarn': `arn:aws:iam::${ACCT}:role/admin-ops` },
    expect: 'allowed',
  },
  {
    name: 'StringEqualsIgnoreCase',
    identity: [
      [{ ...allowAll, Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'DATA' } } }],
    ],
    action: 's3:GetObject',
    resource: '*',
    context: { 'aws:principaltag/team': 'data' },
    expect: 'allowed',
  },
  {
    name: 'condition keys in one block are AND-ed',
    identity: [
      [
        {
          ...allowAll,
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': 'data', 'aws:RequestedRegion': 'us-east-1' },
          },
        },
      ],
    ],
    action: 's3:GetObject',
    resource: '*',
    context: { 'aws:principaltag/team': 'data', 'aws:requestedregion': 'eu-west-1' },
    expect: 'no-identity-allow',
  },
  {
    name: 'permissions boundary: identity allows s3:*, boundary only reads',
    identity: [[{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]],
    boundary: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'no-boundary-allow',
  },
  {
    name: 'permissions boundary alone grants nothing',
    boundary: [allowAll],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'no-identity-allow',
  },
  {
    name: 'session policy narrows the role',
    principal: session,
    identity: [[{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }]],
    session: [{ Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: '*' }],
    action: 'kinesis:DeleteStream',
    resource: 'arn:aws:kinesis:us-east-1:111122223333:stream/s',
    expect: 'no-session-allow',
  },
  {
    name: 'session policy alone grants nothing',
    principal: session,
    session: [allowAll],
    action: 'kinesis:PutRecord',
    resource: '*',
    expect: 'no-identity-allow',
  },
  {
    name: 'resource policy naming the user grants without an identity policy (same account)',
    resourcePolicy: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCT}:user/Bob` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'allowed',
  },
  {
    name: 'resource policy naming the role grants its sessions',
    principal: session,
    resourcePolicy: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/R` },
        Action: 'kinesis:PutRecord',
        Resource: '*',
      },
    ],
    action: 'kinesis:PutRecord',
    resource: 'arn:aws:kinesis:us-east-1:111122223333:stream/s',
    expect: 'allowed',
  },
  {
    name: "a grant to the session's role is limited by its session policy",
    principal: session,
    session: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
    resourcePolicy: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/R` },
        Action: 'kinesis:PutRecord',
        Resource: '*',
      },
    ],
    action: 'kinesis:PutRecord',
    resource: 'arn:aws:kinesis:us-east-1:111122223333:stream/s',
    expect: 'no-session-allow',
  },
  {
    name: 'a grant to the session itself is not limited by its session policy',
    principal: session,
    session: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
    resourcePolicy: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/R/s` },
        Action: 'kinesis:PutRecord',
        Resource: '*',
      },
    ],
    action: 'kinesis:PutRecord',
    resource: 'arn:aws:kinesis:us-east-1:111122223333:stream/s',
    expect: 'allowed',
  },
  {
    name: 'resource policy naming the account delegates: an identity policy is still needed',
    resourcePolicy: [
      { Effect: 'Allow', Principal: { AWS: ACCT }, Action: 's3:GetObject', Resource: '*' },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'no-identity-allow',
  },
  {
    name: 'resource policy Principal * allows anonymous',
    principal: { kind: 'anonymous', account: ACCT, arn: '*' },
    resourcePolicy: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::public/*',
      },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::public/index.html',
    expect: 'allowed',
  },
  {
    name: 'explicit deny in a resource policy beats an identity allow',
    identity: [[allowAll]],
    resourcePolicy: [
      {
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${ACCT}:user/Bob` },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'explicit-deny-resource',
  },
  {
    name: 'NotPrincipal deny: everyone but the named user',
    identity: [[allowAll]],
    resourcePolicy: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:user/Alice` },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    expect: 'explicit-deny-resource',
  },
  {
    name: 'service principal in a trust policy',
    principal: { kind: 'service', account: ACCT, arn: 'glue.amazonaws.com' },
    resourcePolicy: [
      { Effect: 'Allow', Principal: { Service: ['glue.amazonaws.com'] }, Action: 'sts:AssumeRole' },
    ],
    isTrust: true,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCT}:role/G`,
    expect: 'allowed',
  },
]

const ctxOf = (c: Case) => new Map(Object.entries(c.context ?? {}))

describe('evaluator conformance (AWS documented examples)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const set: PolicySet = { identity: (c.identity ?? []).map((s) => id(...s)) }
      if (c.boundary) set.boundary = [id(...c.boundary)]
      if (c.session) set.session = [id(...c.session)]
      const d = evaluate(set, {
        principal: c.principal ?? user,
        action: c.action,
        resource: c.resource,
        context: ctxOf(c),
        ...(c.resourcePolicy
          ? {
              resourcePolicy: c.isTrust
                ? compilePolicy(doc(...c.resourcePolicy), 'trust')
                : res(...c.resourcePolicy),
            }
          : {}),
      })
      assert.equal(d.reason, c.expect)
      assert.equal(d.allowed, c.expect === 'allowed')
    })
  }
})

describe('policy grammar (MalformedPolicyDocument wording)', () => {
  const bad: Array<[string, string, 'identity' | 'resource' | 'trust']> = [
    ['{', 'This policy contains invalid Json', 'identity'],
    [doc({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.', 'identity'],
    [
      doc({ Effect: 'Allow', Action: 's3:*' }),
      'Policy statement must contain resources.',
      'identity',
    ],
    [
      doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' }),
      'Has prohibited field Principal.',
      'identity',
    ],
    [
      doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      'Missing required field Principal.',
      'resource',
    ],
    [
      doc({ Effect: 'Maybe', Action: 's3:*', Resource: '*' }),
      'Syntax errors in policy.',
      'identity',
    ],
    [
      doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:foo:s3:::b' }),
      'Partition "foo" is not valid for resource "arn:foo:s3:::b".',
      'identity',
    ],
    [
      doc({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEqualz: { 'aws:username': 'x' } },
      }),
      'Invalid Condition type : StringEqualz.',
      'identity',
    ],
    [
      doc(
        { Sid: 'a', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Sid: 'a', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      ),
      'Statement IDs (SID) in a single policy must be unique.',
      'identity',
    ],
    [
      JSON.stringify({ Version: '2013-01-01', Statement: [] }),
      'The policy failed legacy parsing',
      'identity',
    ],
  ]
  for (const [text, message, kind] of bad) {
    it(message, () => {
      assert.throws(() => compilePolicy(text, kind), { message })
    })
  }
})

describe('public policies (S3 Block Public Access rules)', () => {
  const grant = (extra: Stmt = {}) =>
    doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      ...extra,
    })
  it('Principal * without a pinning condition is public', () =>
    assert.equal(isPublicPolicy(grant()), true))
  it('a source-IP condition pins it', () =>
    assert.equal(
      isPublicPolicy(grant({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })),
      false,
    ))
  it('a named account is not public', () =>
    assert.equal(isPublicPolicy(grant({ Principal: { AWS: `arn:aws:iam::${ACCT}:root` } })), false))
})

describe('wildcard matching', () => {
  const cases: Array<[string, string, boolean]> = [
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/k/x', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['arn:aws:s3:::*/*aws-glue-*/*', 'arn:aws:s3:::lake/x/aws-glue-tmp/y', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*', '', true],
    ['', '', true],
    ['ab*', 'a', false],
  ]
  for (const [pattern, text, expected] of cases) {
    it(`${pattern} ~ ${text || "''"}`, () =>
      assert.equal(wildcardMatcher(pattern).test(text), expected))
  }
  it('action names match case-insensitively', () =>
    assert.equal(wildcardMatcher('s3:get*', true).test('s3:GetObject'), true))
  it('many stars against a long non-matching string (a backtracking RegExp would hang here)', () => {
    assert.equal(wildcardMatcher(`${'*a'.repeat(200)}*b`).test('a'.repeat(2000)), false)
    assert.equal(wildcardMatcher(`${'*a'.repeat(200)}*`).test('a'.repeat(2000)), true)
  })
})
