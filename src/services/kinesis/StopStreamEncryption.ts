/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html */
import type { EmptyStructure, StopStreamEncryptionInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { activeStream, transition } from './streams.js'

export const StopStreamEncryption: Handler<StopStreamEncryptionInput, EmptyStructure> = async (
  input,
  ctx,
) => {
  const s = activeStream(ctx, input)
  s.encryptionType = 'NONE'
  delete s.keyId
  await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs)
  return {}
}
