/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UntagResource.html */
import type { EmptyStructure, UntagResourceInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { removeTags, resolveArn } from './resources.js'

export const UntagResource: Handler<UntagResourceInput, EmptyStructure> = (input, ctx) => {
  removeTags(ctx, resolveArn(ctx, input.ResourceARN), input.TagKeys)
  return {}
}
