/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html */
import type { EmptyStructure, TagResourceInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { addTags, resolveArn } from './resources.js'

export const TagResource: Handler<TagResourceInput, EmptyStructure> = (input, ctx) => {
  addTags(ctx, resolveArn(ctx, input.ResourceARN), input.Tags)
  return {}
}
