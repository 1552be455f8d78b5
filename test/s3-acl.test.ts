/** S3 ACLs as on buckets AWS creates today: disabled (BucketOwnerEnforced), owner FULL_CONTROL. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  type Grant,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const OWNER_FULL_CONTROL: Grant[] = [
  {
    Grantee: { Type: 'CanonicalUser', ID: '000000000000', DisplayName: 'millrace' },
    Permission: 'FULL_CONTROL',
  },
]

describe('S3 ACLs (disabled, as AWS defaults new buckets to)', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'acl-bucket' }))
    await s3.send(new PutObjectCommand({ Bucket: 'acl-bucket', Key: 'k', Body: 'v' }))
  })
  after(() => cloud.stop())

  it('reads bucket and object ACLs as the owner FULL_CONTROL', async () => {
    const bucket = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }))
    assert.deepEqual(bucket.Owner, { ID: '000000000000', DisplayName: 'millrace' })
    assert.deepEqual(bucket.Grants, OWNER_FULL_CONTROL)
    const object = await s3.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'k' }))
    assert.deepEqual(object.Grants, OWNER_FULL_CONTROL)
  })

  it('accepts writes that restate the owner control', async () => {
    await s3.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'private' }))
    await s3.send(
      new PutObjectAclCommand({ Bucket: 'acl-bucket', Key: 'k', ACL: 'bucket-owner-full-control' }),
    )
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'acl-bucket',
        AccessControlPolicy: { Owner: { ID: '000000000000' }, Grants: OWNER_FULL_CONTROL },
      }),
    )
  })

  it('refuses anything else with AccessControlListNotSupported', async () => {
    const message = 'The bucket does not allow ACLs'
    await rejects(
      s3.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'public-read' })),
      'AccessControlListNotSupported',
      message,
    )
    await rejects(
      s3.send(
        new PutObjectAclCommand({
          Bucket: 'acl-bucket',
          Key: 'k',
          AccessControlPolicy: {
            Owner: { ID: '000000000000' },
            Grants: [
              {
                Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
                Permission: 'READ',
              },
            ],
          },
        }),
      ),
      'AccessControlListNotSupported',
      message,
    )
    await rejects(
      s3.send(
        new PutBucketAclCommand({
          Bucket: 'acl-bucket',
          GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
        }),
      ),
      'AccessControlListNotSupported',
      message,
    )
  })

  it('answers NoSuchKey and NoSuchBucket for what does not exist', async () => {
    await rejects(
      s3.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'missing' })),
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    )
    await rejects(
      s3.send(new GetBucketAclCommand({ Bucket: 'no-such-acl-bucket' })),
      'NoSuchBucket',
      'The specified bucket does not exist',
      404,
    )
  })
})
