/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
import type { CreateRoleRequest, CreateRoleResponse } from '../../gen/iam.js'
import { policySize } from '../../iam/policy.js'
import type { Handler } from '../types.js'
import {
  change,
  mustAttachable,
  normalizePath,
  TRUST_POLICY_SIZE,
  validateDocument,
} from './domain.js'
import { alreadyExists, quota } from './errors.js'
import { newId, type RoleRow } from './store.js'
import { roleView } from './views.js'

export const CreateRole: Handler<CreateRoleRequest, CreateRoleResponse> = (input, ctx) => {
  validateDocument(input.AssumeRolePolicyDocument, 'trust')
  if (policySize(input.AssumeRolePolicyDocument) > TRUST_POLICY_SIZE) {
    throw quota('ACLSizePerRole', TRUST_POLICY_SIZE)
  }
  return change(ctx, (a, store) => {
    const key = input.RoleName.toLowerCase()
    if (a.roles.has(key)) throw alreadyExists('role', input.RoleName)
    if (input.PermissionsBoundary) mustAttachable(a, input.PermissionsBoundary)
    const path = normalizePath(input.Path)
    const row: RoleRow = {
      name: input.RoleName,
      path,
      id: newId('AROA'),
      arn: `arn:aws:iam::${ctx.account}:role${path}${input.RoleName}`,
      createDate: ctx.now(),
      trust: input.AssumeRolePolicyDocument,
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      tags: input.Tags ?? [],
      inline: [],
      attached: [],
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.PermissionsBoundary ? { boundary: input.PermissionsBoundary } : {}),
    }
    store.put(ctx.account, 'role', key, row)
    return { Role: roleView(row) }
  })
}
