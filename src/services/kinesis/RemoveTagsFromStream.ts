/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html */
import type { EmptyStructure, RemoveTagsFromStreamInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { removeTags } from './resources.js'
import { findStream } from './streams.js'

export const RemoveTagsFromStream: Handler<RemoveTagsFromStreamInput, EmptyStructure> = (
  input,
  ctx,
) => {
  removeTags(ctx, { stream: findStream(ctx, input) }, input.TagKeys)
  return {}
}
