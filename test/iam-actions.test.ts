/** Operation → IAM action and resource ARNs, per the service authorization reference. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { actionSpecFor, requestTargets } from '../src/iam/actions.js'

const ACCT = '123456789012'

const targets = async (
  service: string,
  operation: string,
  input: Record<string, unknown>,
  method = 'POST',
  path = '/',
) => {
  const spec = await actionSpecFor(service, operation)
  if (!spec) return null
  return requestTargets(spec, input, {
    service,
    operation,
    region: 'eu-west-1',
    account: ACCT,
    method,
    path,
  })
}

const CASES: Array<
  [string, string, Record<string, unknown>, { action: string; resources: string[] } | null]
> = [
  [
    'kinesis',
    'PutRecord',
    { StreamName: 'clicks', Data: 'x', PartitionKey: 'p' },
    { action: 'kinesis:PutRecord', resources: [`arn:aws:kinesis:eu-west-1:${ACCT}:stream/clicks`] },
  ],
  [
    'kinesis',
    'PutRecords',
    { StreamARN: `arn:aws:kinesis:us-east-1:${ACCT}:stream/other`, Records: [] },
    { action: 'kinesis:PutRecords', resources: [`arn:aws:kinesis:us-east-1:${ACCT}:stream/other`] },
  ],
  ['kinesis', 'ListStreams', {}, { action: 'kinesis:ListStreams', resources: ['*'] }],
  [
    's3',
    'GetObject',
    { Bucket: 'lake', Key: 'data/raw/a.json' },
    { action: 's3:GetObject', resources: ['arn:aws:s3:::lake/data/raw/a.json'] },
  ],
  [
    's3',
    'HeadObject',
    { Bucket: 'lake', Key: 'k' },
    { action: 's3:GetObject', resources: ['arn:aws:s3:::lake/k'] },
  ],
  [
    's3',
    'ListObjectsV2',
    { Bucket: 'lake' },
    { action: 's3:ListBucket', resources: ['arn:aws:s3:::lake'] },
  ],
  ['s3', 'ListBuckets', {}, { action: 's3:ListAllMyBuckets', resources: ['*'] }],
  [
    's3',
    'CreateMultipartUpload',
    { Bucket: 'lake', Key: 'big' },
    { action: 's3:PutObject', resources: ['arn:aws:s3:::lake/big'] },
  ],
  [
    's3',
    'PutBucketPolicy',
    { Bucket: 'lake' },
    { action: 's3:PutBucketPolicy', resources: ['arn:aws:s3:::lake'] },
  ],
  [
    'iam',
    'CreateRole',
    { RoleName: 'glue', Path: '/service-role/' },
    { action: 'iam:CreateRole', resources: [`arn:aws:iam::${ACCT}:role/service-role/glue`] },
  ],
  [
    'iam',
    'AttachRolePolicy',
    { RoleName: 'glue', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
    { action: 'iam:AttachRolePolicy', resources: [`arn:aws:iam::${ACCT}:role/glue`] },
  ],
  [
    'firehose',
    'PutRecordBatch',
    { DeliveryStreamName: 'raw', Records: [] },
    {
      action: 'firehose:PutRecordBatch',
      resources: [`arn:aws:firehose:eu-west-1:${ACCT}:deliverystream/raw`],
    },
  ],
  [
    'glue',
    'GetTable',
    { DatabaseName: 'db', Name: 'raw' },
    {
      action: 'glue:GetTable',
      resources: [
        `arn:aws:glue:eu-west-1:${ACCT}:catalog`,
        `arn:aws:glue:eu-west-1:${ACCT}:database/db`,
        `arn:aws:glue:eu-west-1:${ACCT}:table/db/raw`,
      ],
    },
  ],
  [
    'glue',
    'CreateDatabase',
    { DatabaseInput: { Name: 'db' } },
    {
      action: 'glue:CreateDatabase',
      resources: [
        `arn:aws:glue:eu-west-1:${ACCT}:catalog`,
        `arn:aws:glue:eu-west-1:${ACCT}:database/db`,
      ],
    },
  ],
  [
    'glue',
    'StartCrawler',
    { Name: 'raw-crawler' },
    {
      action: 'glue:StartCrawler',
      resources: [`arn:aws:glue:eu-west-1:${ACCT}:crawler/raw-crawler`],
    },
  ],
  ['sts', 'GetCallerIdentity', {}, null],
  ['sts', 'AssumeRole', { RoleArn: `arn:aws:iam::${ACCT}:role/r` }, null],
]

describe('operation → action and resources', () => {
  for (const [service, operation, input, expected] of CASES) {
    it(`${service} ${operation}`, async () => {
      const got = await targets(service, operation, input)
      if (expected === null) assert.equal(got, null)
      else
        assert.deepEqual(
          { ...got, resources: [...(got?.resources ?? [])].sort() },
          { ...expected, resources: [...expected.resources].sort() },
        )
    })
  }

  it('API Gateway control plane: apigateway:<METHOD> on the resource path', async () => {
    const got = await targets(
      'apigateway',
      'CreateResource',
      { restApiId: 'a1' },
      'POST',
      '/restapis/a1/resources/r0',
    )
    assert.deepEqual(got, {
      action: 'apigateway:POST',
      resources: ['arn:aws:apigateway:eu-west-1::/restapis/a1/resources/r0'],
    })
  })
})
