/** Tag sets: S3's limits (50 per object/bucket, key ≤ 128, value ≤ 256, unique keys). */
import type { Tag } from '../../gen/s3.js'
import {
  duplicateTagKey,
  invalidTagKey,
  invalidTagValue,
  tooManyBucketTags,
  tooManyObjectTags,
} from './errors.js'

export const tagsFromSet = (
  set: readonly Tag[] | undefined,
  kind: 'object' | 'bucket',
): Record<string, string> => {
  const tags: Record<string, string> = {}
  for (const t of set ?? []) {
    if (Object.hasOwn(tags, t.Key)) throw duplicateTagKey(t.Key)
    if (t.Key.length > 128 || t.Key.length === 0) throw invalidTagKey(t.Key)
    if (t.Value.length > 256) throw invalidTagValue(t.Key, t.Value)
    tags[t.Key] = t.Value
  }
  const n = Object.keys(tags).length
  if (kind === 'object' && n > 10) throw tooManyObjectTags()
  if (kind === 'bucket' && n > 50) throw tooManyBucketTags()
  return tags
}

export const tagSetOf = (tags: Record<string, string> | undefined): Tag[] =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
