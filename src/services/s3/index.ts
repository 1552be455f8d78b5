import type { Operations } from '../../gen/s3.js'
import type { HandlerTable, ServiceHost } from '../types.js'
import { AbortMultipartUpload } from './AbortMultipartUpload.js'
import { CompleteMultipartUpload } from './CompleteMultipartUpload.js'
import { CopyObject } from './CopyObject.js'
import { CreateBucket } from './CreateBucket.js'
import { CreateMultipartUpload } from './CreateMultipartUpload.js'
import { DeleteBucket } from './DeleteBucket.js'
import { DeleteObject } from './DeleteObject.js'
import { DeleteObjects } from './DeleteObjects.js'
import { GetBucketLocation } from './GetBucketLocation.js'
import { GetObject } from './GetObject.js'
import { HeadBucket } from './HeadBucket.js'
import { HeadObject } from './HeadObject.js'
import { ListBuckets } from './ListBuckets.js'
import { ListMultipartUploads } from './ListMultipartUploads.js'
import { ListObjects } from './ListObjects.js'
import { ListObjectsV2 } from './ListObjectsV2.js'
import { ListParts } from './ListParts.js'
import { PutObject } from './PutObject.js'
import { openS3 } from './state.js'
import { UploadPart } from './UploadPart.js'
import { UploadPartCopy } from './UploadPartCopy.js'

export { bucketPolicyOf } from './policy.js'

export const handlers = {
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
