/** Tag sets: S3's limits (50 per object/bucket, key ≤ 128, value ≤ 256, unique keys). */
import type { Tag } from '../../gen/s3.js'
import { AwsError } from '../../server/errors.js'

export const tagsFromSet = (
  set: readonly Tag[] | undefined,
  kind: 'object' | 'bucket',
): Record<string, string> => {
  const tags: Record<string, string> = {}
  for (const t of set ?? []) {
    if (Object.hasOwn(tags, t.Key))
      throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', 400, {
        TagKey: t.Key,
      })
    if (t.Key.length > 128 || t.Key.length === 0)
      throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid', 400, {
        TagKey: t.Key,
      })
    if (t.Value.length > 256)
      throw new AwsError('InvalidTag', 'The TagValue you have provided is invalid', 400, {
        TagKey: t.Key,
        TagValue: t.Value,
      })
    tags[t.Key] = t.Value
  }
  const n = Object.keys(tags).length
  if (kind === 'object' && n > 10)
    throw new AwsError('BadRequest', 'Object tags cannot be greater than 10', 400)
  if (kind === 'bucket' && n > 50)
    throw new AwsError('InvalidTag', 'Bucket tag count cannot be greater than 50', 400)
  return tags
}

export const tagSetOf = (tags: Record<string, string> | undefined): Tag[] =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
