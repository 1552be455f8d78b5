/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForResource.html */
import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { resolveArn, tagList, tagsOf } from './resources.js'

export const ListTagsForResource: Handler<ListTagsForResourceInput, ListTagsForResourceOutput> = (
  input,
  ctx,
) => ({ Tags: tagList(tagsOf(resolveArn(ctx, input.ResourceARN))) })
