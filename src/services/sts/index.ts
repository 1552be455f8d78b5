import type { Operations } from '../../gen/sts.js'
import type { HandlerTable } from '../types.js'
import { AssumeRole } from './AssumeRole.js'
import { GetAccessKeyInfo } from './GetAccessKeyInfo.js'
import { GetCallerIdentity } from './GetCallerIdentity.js'
import { GetSessionToken } from './GetSessionToken.js'

export const handlers = {
  AssumeRole,
  GetAccessKeyInfo,
  GetCallerIdentity,
  GetSessionToken,
} satisfies HandlerTable<Operations>
