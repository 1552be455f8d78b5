/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetResourcePolicy.html */
import type { GetResourcePolicyInput, GetResourcePolicyOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { resolveArn } from './resources.js'
import { stateOf } from './streams.js'

/** AWS answers an empty document (`{}`) for a resource without a policy. */
export const GetResourcePolicy: Handler<GetResourcePolicyInput, GetResourcePolicyOutput> = (
  input,
  ctx,
) => {
  resolveArn(ctx, input.ResourceARN)
  return { Policy: stateOf(ctx).policyOf(input.ResourceARN) ?? '{}' }
}
