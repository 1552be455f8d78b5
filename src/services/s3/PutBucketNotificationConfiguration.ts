// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
// Not supported: delivery to SNS/SQS/Lambda/EventBridge (stored and returned; object events go to
// the in-process bus, where Millrace's own consumers such as crawler event mode read them).
import type { PutBucketNotificationConfigurationRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { bucketFor } from './names.js'
import { s3Of } from './state.js'

const EVENT =
  /^s3:(ObjectCreated|ObjectRemoved|ObjectRestore|ReducedRedundancyLostObject|Replication|LifecycleExpiration|LifecycleTransition|IntelligentTiering|ObjectTagging|ObjectAcl)(:[A-Za-z*]+)*$/

export const PutBucketNotificationConfiguration: Handler<
  PutBucketNotificationConfigurationRequest,
  Record<string, never>
> = (input, ctx) => {
  const bucket = bucketFor(ctx, input.Bucket)
  const c = input.NotificationConfiguration
  for (const conf of [
    ...(c.QueueConfigurations ?? []),
    ...(c.TopicConfigurations ?? []),
    ...(c.LambdaFunctionConfigurations ?? []),
  ])
    for (const e of conf.Events ?? [])
      if (!EVENT.test(e))
        throw invalidArgument('The event is not supported for notifications', e, e)
  s3Of(ctx).store.updateConfig(bucket.name, (cfg) => ({ ...cfg, notification: c }))
  return {}
}
