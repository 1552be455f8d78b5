/** Temporary credentials: minted here, kept in the IAM store (restart-safe) and the auth layer. */
import { randomBytes } from 'node:crypto'
import type { Credentials } from '../../gen/sts.js'
import type { Principal } from '../../server/principal.js'
import { sessionCredentialOf } from '../iam/credentials.js'
import type { IamState } from '../iam/domain.js'
import { newId, newSecret, type SessionRow } from '../iam/store.js'
import type { Ctx } from '../types.js'

export const iamStateOf = (ctx: Ctx): Promise<IamState> => ctx.services.open<IamState>('iam')

/** Mints ASIA… credentials for `principal`, valid `durationSeconds` from now. */
export const mintSession = (
  state: IamState,
  ctx: Ctx,
  principal: Principal,
  durationSeconds: number,
): Credentials => {
  const row: SessionRow = {
    accessKeyId: newId('ASIA', 16),
    secretAccessKey: newSecret(),
    // Opaque to clients; AWS's tokens are long base64 blobs too.
    sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
    expiresAt: ctx.now() + durationSeconds * 1000,
    principal,
  }
  state.store.put(principal.account, 'session', row.accessKeyId, row)
  state.credentials.add(sessionCredentialOf(row))
  return {
    AccessKeyId: row.accessKeyId,
    SecretAccessKey: row.secretAccessKey,
    SessionToken: row.sessionToken,
    Expiration: new Date(row.expiresAt),
  }
}
