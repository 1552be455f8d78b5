import type { Operations } from '../../gen/sts.js'
import type { HandlerTable } from '../types.js'
import { GetCallerIdentity } from './GetCallerIdentity.js'

export const handlers = {
  GetCallerIdentity,
} satisfies HandlerTable<Operations>
