// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html
import type {
  GetBucketNotificationConfigurationRequest,
  NotificationConfiguration,
} from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { bucketFor } from './names.js'

export const GetBucketNotificationConfiguration: Handler<
  GetBucketNotificationConfigurationRequest,
  NotificationConfiguration
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  return (bucket.config.notification as NotificationConfiguration | undefined) ?? {}
}
