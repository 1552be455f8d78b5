/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html */
import type { EmptyStructure, PutResourcePolicyInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { resolveArn } from './resources.js'
import { stateOf } from './streams.js'

export const PutResourcePolicy: Handler<PutResourcePolicyInput, EmptyStructure> = (input, ctx) => {
  resolveArn(ctx, input.ResourceARN)
  let doc: unknown
  try {
    doc = JSON.parse(input.Policy)
  } catch {
    throw invalidArgument('Policy is not a valid JSON document.')
  }
  if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) {
    throw invalidArgument('Policy must be a JSON policy document with a Statement.')
  }
  stateOf(ctx).setPolicy(input.ResourceARN, input.Policy)
  return {}
}
