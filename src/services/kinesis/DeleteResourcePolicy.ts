/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteResourcePolicy.html */
import type { DeleteResourcePolicyInput, EmptyStructure } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { policyNotFound } from './errors.js'
import { resolveArn } from './resources.js'
import { stateOf } from './streams.js'

export const DeleteResourcePolicy: Handler<DeleteResourcePolicyInput, EmptyStructure> = (
  input,
  ctx,
) => {
  resolveArn(ctx, input.ResourceARN)
  const st = stateOf(ctx)
  if (st.policyOf(input.ResourceARN) === undefined) throw policyNotFound(input.ResourceARN)
  st.setPolicy(input.ResourceARN, undefined)
  return {}
}
