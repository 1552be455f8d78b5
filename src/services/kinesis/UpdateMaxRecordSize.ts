/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html */
import type { EmptyStructure, UpdateMaxRecordSizeInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { activeStream, stateOf } from './streams.js'

export const UpdateMaxRecordSize: Handler<UpdateMaxRecordSizeInput, EmptyStructure> = (
  input,
  ctx,
) => {
  const s = activeStream(ctx, input)
  const kib = input.MaxRecordSizeInKiB
  if (kib < 1024 || kib > 10240)
    throw invalidArgument('MaxRecordSizeInKiB must be between 1024 and 10240.')
  s.maxRecordKiB = kib
  stateOf(ctx).save(s)
  return {}
}
