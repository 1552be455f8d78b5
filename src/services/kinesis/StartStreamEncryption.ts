/**
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html
 * Not supported: real KMS encryption at rest (the setting is stored and reported, records say KMS).
 */
import type { EmptyStructure, StartStreamEncryptionInput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { invalidArgument } from './errors.js'
import { activeStream, transition } from './streams.js'

export const StartStreamEncryption: Handler<StartStreamEncryptionInput, EmptyStructure> = async (
  input,
  ctx,
) => {
  const s = activeStream(ctx, input)
  if (input.EncryptionType !== 'KMS') {
    throw invalidArgument(
      `Encryption type ${input.EncryptionType} is not valid for StartStreamEncryption; use KMS.`,
    )
  }
  s.encryptionType = 'KMS'
  s.keyId = input.KeyId
  await transition(ctx, s, 'UPDATING', ctx.config.kinesisUpdateDelayMs)
  return {}
}
