/** S3 test fixtures shared by the cross-service tests. */
import { CreateBucketCommand, PutBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3'

/** Creates `Bucket` with versioning enabled. */
export const createVersionedBucket = async (s3: S3Client, Bucket: string): Promise<void> => {
  await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(
    new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  )
}
