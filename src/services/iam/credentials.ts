/** IAM access keys and STS sessions as the auth layer knows them (host.credentials). */
import type { KnownCredential } from '../../server/credentials.js'
import type { AccessKeyRow, SessionRow, UserRow } from './store.js'

export const credentialOf = (
  account: string,
  key: AccessKeyRow,
  user: Pick<UserRow, 'arn' | 'id' | 'name'>,
): KnownCredential => ({
  accessKeyId: key.id,
  secretAccessKey: key.secret,
  active: key.status === 'Active',
  principal: { kind: 'user', account, arn: user.arn, userId: user.id, name: user.name },
})

export const sessionCredentialOf = (s: SessionRow): KnownCredential => ({
  accessKeyId: s.accessKeyId,
  secretAccessKey: s.secretAccessKey,
  sessionToken: s.sessionToken,
  expiresAt: s.expiresAt,
  active: true,
  principal: s.principal,
})
