/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html */
import type { AddTagsToStreamInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { addTags } from './resources.js'
import { findStream } from './streams.js'

export const AddTagsToStream: Handler<AddTagsToStreamInput, EmptyStructure> = (input, ctx) => {
  addTags(ctx, { stream: findStream(ctx, input) }, input.Tags)
  return {}
}
