// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
// Not supported: MFA delete.
import type { PutBucketVersioningRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { malformedXml } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

export const PutBucketVersioning: Handler<PutBucketVersioningRequest, Record<string, never>> = (
  input,
  ctx,
) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const status = input.VersioningConfiguration.Status
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml()
  // A bucket that was never versioned stays unversioned when asked to suspend, as S3 reports it.
  if (status === 'Suspended' && bucket.versioning === undefined) return {}
  s3Of(ctx).store.setVersioning(bucket.name, status)
  return {}
}
