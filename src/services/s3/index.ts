import type { Operations } from '../../gen/s3.js'
import type { HandlerTable, ServiceHost } from '../types.js'
import { AbortMultipartUpload } from './AbortMultipartUpload.js'
import { CompleteMultipartUpload } from './CompleteMultipartUpload.js'
import { CopyObject } from './CopyObject.js'
import { CreateBucket } from './CreateBucket.js'
import { CreateMultipartUpload } from './CreateMultipartUpload.js'
import { applyS3Cors } from './cors.js'
import { DeleteBucket } from './DeleteBucket.js'
import { DeleteBucketCors } from './DeleteBucketCors.js'
import { DeleteBucketPolicy } from './DeleteBucketPolicy.js'
import { DeleteBucketTagging } from './DeleteBucketTagging.js'
import { DeleteObject } from './DeleteObject.js'
import { DeleteObjects } from './DeleteObjects.js'
import { DeleteObjectTagging } from './DeleteObjectTagging.js'
import { DeletePublicAccessBlock } from './DeletePublicAccessBlock.js'
import { GetBucketAcl } from './GetBucketAcl.js'
import { GetBucketCors } from './GetBucketCors.js'
import { GetBucketLocation } from './GetBucketLocation.js'
import { GetBucketNotificationConfiguration } from './GetBucketNotificationConfiguration.js'
import { GetBucketPolicy } from './GetBucketPolicy.js'
import { GetBucketTagging } from './GetBucketTagging.js'
import { GetBucketVersioning } from './GetBucketVersioning.js'
import { GetObject } from './GetObject.js'
import { GetObjectAcl } from './GetObjectAcl.js'
import { GetObjectAttributes } from './GetObjectAttributes.js'
import { GetObjectTagging } from './GetObjectTagging.js'
import { GetPublicAccessBlock } from './GetPublicAccessBlock.js'
import { HeadBucket } from './HeadBucket.js'
import { HeadObject } from './HeadObject.js'
import { ListBuckets } from './ListBuckets.js'
import { ListMultipartUploads } from './ListMultipartUploads.js'
import { ListObjects } from './ListObjects.js'
import { ListObjectsV2 } from './ListObjectsV2.js'
import { ListObjectVersions } from './ListObjectVersions.js'
import { ListParts } from './ListParts.js'
import { postObjectRoute } from './PostObject.js'
import { PutBucketAcl } from './PutBucketAcl.js'
import { PutBucketCors } from './PutBucketCors.js'
import { PutBucketNotificationConfiguration } from './PutBucketNotificationConfiguration.js'
import { PutBucketPolicy } from './PutBucketPolicy.js'
import { PutBucketTagging } from './PutBucketTagging.js'
import { PutBucketVersioning } from './PutBucketVersioning.js'
import { PutObject } from './PutObject.js'
import { PutObjectAcl } from './PutObjectAcl.js'
import { PutObjectTagging } from './PutObjectTagging.js'
import { PutPublicAccessBlock } from './PutPublicAccessBlock.js'
import { openS3 } from './state.js'
import { UploadPart } from './UploadPart.js'
import { UploadPartCopy } from './UploadPartCopy.js'

export { bucketPolicyOf } from './policy.js'

export const handlers = {
  PutBucketVersioning,
  GetBucketVersioning,
  ListObjectVersions,
  PutBucketTagging,
  GetBucketTagging,
  DeleteBucketTagging,
  PutObjectTagging,
  GetObjectTagging,
  DeleteObjectTagging,
  PutBucketCors,
  GetBucketCors,
  DeleteBucketCors,
  PutBucketNotificationConfiguration,
  GetBucketNotificationConfiguration,
  PutBucketPolicy,
  GetBucketPolicy,
  GetBucketAcl,
  PutBucketAcl,
  GetObjectAcl,
  PutObjectAcl,
  DeleteBucketPolicy,
  PutPublicAccessBlock,
  GetPublicAccessBlock,
  DeletePublicAccessBlock,
  GetObjectAttributes,
  AbortMultipartUpload,
  CompleteMultipartUpload,
  CopyObject,
  CreateBucket,
  CreateMultipartUpload,
  DeleteBucket,
  DeleteObject,
  DeleteObjects,
  GetBucketLocation,
  GetObject,
  HeadBucket,
  HeadObject,
  ListBuckets,
  ListMultipartUploads,
  ListObjects,
  ListObjectsV2,
  ListParts,
  PutObject,
  UploadPart,
  UploadPartCopy,
} satisfies HandlerTable<Operations>

export const open = (host: ServiceHost) => openS3(host)

/** Browser requests (with an Origin) get the bucket's CORS rules applied, errors included. */
export const decorateResponse = applyS3Cors

/** Browser-form uploads (POST /{Bucket}), which S3's model does not describe. */
export const unmodeled = postObjectRoute
