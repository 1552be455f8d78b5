/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html */
import type { ListTagsForStreamInput, ListTagsForStreamOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { tagList } from './resources.js'
import { findStream } from './streams.js'

export const ListTagsForStream: Handler<ListTagsForStreamInput, ListTagsForStreamOutput> = (
  input,
  ctx,
) => {
  const s = findStream(ctx, input)
  const limit = input.Limit ?? 50
  const all = tagList(s.tags).filter(
    (t) => input.ExclusiveStartTagKey === undefined || t.Key > input.ExclusiveStartTagKey,
  )
  return { Tags: all.slice(0, limit), HasMoreTags: all.length > limit }
}
