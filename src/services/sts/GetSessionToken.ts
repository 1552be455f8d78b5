/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 * Not supported: MFA (SerialNumber/TokenCode accepted, not checked).
 */
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../gen/sts.js'
import type { Handler } from '../types.js'
import { sessionCredentialsRefused, validationError } from './errors.js'
import { iamStateOf, mintSession } from './sessions.js'

export const GetSessionToken: Handler<GetSessionTokenRequest, GetSessionTokenResponse> = async (
  input,
  ctx,
) => {
  const caller = ctx.principal
  if (caller.kind === 'assumed-role') throw sessionCredentialsRefused()
  const duration = input.DurationSeconds ?? (caller.kind === 'root' ? 3600 : 43200)
  // The account root's sessions last at most an hour.
  if (caller.kind === 'root' && duration > 3600) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for the root user.',
    )
  }
  const { accessKeyId: _signedWith, ...principal } = caller
  const Credentials = mintSession(await iamStateOf(ctx), ctx, principal, duration)
  return { Credentials }
}
