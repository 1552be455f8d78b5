/**
 * AWS managed policies a data pipeline uses, with their ARNs and documents as AWS publishes them
 * (AWS Managed Policy Reference Guide). Abridged, and marked so: ReadOnlyAccess and
 * AWSGlueConsoleFullAccess list only the services Millrace serves (plus logs/cloudwatch);
 * PowerUserAccess is AWS's full document.
 */

export interface ManagedPolicyData {
  name: string
  path: string
  id: string
  description: string
  version: string
  document: string
}

const doc = (...Statement: Record<string, unknown>[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement })

const allow = (Action: string | string[], Resource: string | string[] = '*', extra = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
})

const POLICIES: ManagedPolicyData[] = [
  {
    name: 'AdministratorAccess',
    path: '/',
    id: 'ANPAIWMBCKSKIEE64ZLYK',
    description: 'Provides full access to AWS services and resources.',
    version: 'v1',
    document: doc(allow('*')),
  },
  {
    name: 'PowerUserAccess',
    path: '/',
    id: 'ANPAJYRXTHIB4FOVS3ZXS',
    description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    version: 'v5',
    document: doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ]),
    ),
  },
  {
    name: 'ReadOnlyAccess',
    path: '/',
    id: 'ANPAILL3HVNFSB6DCOWYQ',
    description: 'Provides read-only access to AWS services and resources.',
    version: 'v1',
    document: doc(
      allow([
        'apigateway:GET',
        'cloudwatch:Describe*',
        'cloudwatch:Get*',
        'cloudwatch:List*',
        'firehose:Describe*',
        'firehose:List*',
        'glue:BatchGet*',
        'glue:Get*',
        'glue:List*',
        'glue:Search*',
        'iam:Generate*',
        'iam:Get*',
        'iam:List*',
        'iam:Simulate*',
        'kinesis:Describe*',
        'kinesis:Get*',
        'kinesis:List*',
        'logs:Describe*',
        'logs:FilterLogEvents',
        'logs:Get*',
        'logs:List*',
        's3:Describe*',
        's3:Get*',
        's3:List*',
        'sts:GetCallerIdentity',
        'sts:GetSessionToken',
      ]),
    ),
  },
  {
    name: 'AmazonKinesisFullAccess',
    path: '/',
    id: 'ANPAIVF32HAMOXCUYRAYE',
    description: 'Provides full access to all streams via the AWS Management Console.',
    version: 'v1',
    document: doc(allow('kinesis:*')),
  },
  {
    name: 'AmazonKinesisReadOnlyAccess',
    path: '/',
    id: 'ANPAIOCMTDT5RLKZ2CAJO',
    description: 'Provides read only access to all streams via the AWS Management Console.',
    version: 'v2',
    document: doc(allow(['kinesis:Get*', 'kinesis:List*', 'kinesis:Describe*'])),
  },
  {
    name: 'AmazonKinesisFirehoseFullAccess',
    path: '/',
    id: 'ANPAJMZQMTZ7FRBFHHAHI',
    description: 'Provides full access to all Amazon Kinesis Firehose Delivery Streams.',
    version: 'v1',
    document: doc(allow('firehose:*')),
  },
  {
    name: 'AmazonS3FullAccess',
    path: '/',
    id: 'ANPAIFIR6V6BVTRAHWINE',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    version: 'v2',
    document: doc(allow(['s3:*', 's3-object-lambda:*'])),
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    path: '/',
    id: 'ANPAIZTJ4DXE7G6AGAE6M',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    version: 'v3',
    document: doc(
      allow([
        's3:Get*',
        's3:List*',
        's3:Describe*',
        's3-object-lambda:Get*',
        's3-object-lambda:List*',
      ]),
    ),
  },
  {
    name: 'AWSGlueServiceRole',
    path: '/service-role/',
    id: 'ANPAIRU66MDJO7KAUMOPQ',
    description:
      'Policy for AWS Glue service role which allows access to related services including EC2, S3, and Cloudwatch Logs',
    version: 'v6',
    document: doc(
      allow(
        [
          'glue:*',
          's3:GetBucketLocation',
          's3:ListBucket',
          's3:ListAllMyBuckets',
          's3:GetBucketAcl',
          'ec2:DescribeVpcEndpoints',
          'ec2:DescribeRouteTables',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcAttribute',
          'iam:ListRolePolicies',
          'iam:GetRole',
          'iam:GetRolePolicy',
          'cloudwatch:PutMetricData',
        ],
        ['*'],
      ),
      allow(['s3:CreateBucket'], ['arn:aws:s3:::aws-glue-*']),
      allow(
        ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        ['arn:aws:s3:::aws-glue-*/*', 'arn:aws:s3:::*/*aws-glue-*/*'],
      ),
      allow(['s3:GetObject'], ['arn:aws:s3:::crawler-public*', 'arn:aws:s3:::aws-glue-*']),
      allow(
        ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        ['arn:aws:logs:*:*:*:/aws-glue/*'],
      ),
      allow(
        ['ec2:CreateTags', 'ec2:DeleteTags'],
        [
          'arn:aws:ec2:*:*:network-interface/*',
          'arn:aws:ec2:*:*:security-group/*',
          'arn:aws:ec2:*:*:instance/*',
        ],
        {
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['aws-glue-service-resource'] },
          },
        },
      ),
    ),
  },
  {
    name: 'AWSGlueConsoleFullAccess',
    path: '/',
    id: 'ANPAJNZGDEOD7MISOVSVI',
    description: 'Provides full access to AWS Glue via the AWS Management Console',
    version: 'v12',
    document: doc(
      allow([
        'glue:*',
        'redshift:DescribeClusters',
        'redshift:DescribeClusterSubnetGroups',
        'iam:ListRoles',
        'iam:ListUsers',
        'iam:ListGroups',
        'iam:ListRolePolicies',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeRouteTables',
        'ec2:DescribeVpcAttribute',
        'ec2:DescribeKeyPairs',
        'ec2:DescribeInstances',
        'ec2:DescribeImages',
        'rds:DescribeDBInstances',
        'rds:DescribeDBClusters',
        'rds:DescribeDBSubnetGroups',
        's3:ListAllMyBuckets',
        's3:ListBucket',
        's3:GetBucketAcl',
        's3:GetBucketLocation',
        'cloudformation:ListStacks',
        'cloudformation:DescribeStacks',
        'cloudformation:GetTemplateSummary',
        'dynamodb:ListTables',
        'kms:ListAliases',
        'kms:DescribeKey',
        'cloudwatch:GetMetricData',
        'cloudwatch:ListDashboards',
        'databrew:ListRecipes',
        'databrew:ListRecipeVersions',
        'databrew:DescribeRecipe',
      ]),
      allow(
        ['s3:GetObject', 's3:PutObject'],
        ['arn:aws:s3:::aws-glue-*/*', 'arn:aws:s3:::*/*aws-glue-*/*', 'arn:aws:s3:::aws-glue-*'],
      ),
      allow(['tag:GetResources']),
      allow(['s3:CreateBucket'], ['arn:aws:s3:::aws-glue-*']),
      allow(['logs:GetLogEvents'], ['arn:aws:logs:*:*:/aws-glue/*']),
      allow(['iam:PassRole'], 'arn:aws:iam::*:role/AWSGlueServiceRole*', {
        Condition: { StringLike: { 'iam:PassedToService': ['glue.amazonaws.com'] } },
      }),
      allow(['iam:PassRole'], 'arn:aws:iam::*:role/service-role/AWSGlueServiceRole*', {
        Condition: { StringLike: { 'iam:PassedToService': ['glue.amazonaws.com'] } },
      }),
    ),
  },
  {
    name: 'AmazonAPIGatewayAdministrator',
    path: '/',
    id: 'ANPAJ4PT6VY5NLKTNUYSI',
    description:
      'Provides full access to create/edit/delete APIs in Amazon API Gateway via the AWS Management Console.',
    version: 'v1',
    document: doc(allow(['apigateway:*'], 'arn:aws:apigateway:*::/*')),
  },
  {
    name: 'AmazonAPIGatewayPushToCloudWatchLogs',
    path: '/service-role/',
    id: 'ANPAIK4GFO7HLKYN64ASK',
    description: "Allows API Gateway to push logs to user's account.",
    version: 'v1',
    document: doc(
      allow([
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
      ]),
    ),
  },
  {
    name: 'CloudWatchLogsFullAccess',
    path: '/',
    id: 'ANPAJ3ZGNWK2R5HW5BQFO',
    description: 'Provides full access to CloudWatch Logs',
    version: 'v2',
    document: doc(allow(['logs:*', 'cloudwatch:GenerateQuery'])),
  },
]

export const awsManagedArn = (p: Pick<ManagedPolicyData, 'path' | 'name'>): string =>
  `arn:aws:iam::aws:policy${p.path}${p.name}`

/** AWS managed policies by ARN. */
export const AWS_MANAGED: ReadonlyMap<string, ManagedPolicyData> = new Map(
  POLICIES.map((p) => [awsManagedArn(p), p]),
)

/** AWS lists managed policies with this creation date; the exact dates vary by policy. */
export const AWS_MANAGED_CREATED = Date.parse('2015-02-06T18:39:46Z')
