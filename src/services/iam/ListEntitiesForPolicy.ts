/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html */
import type { ListEntitiesForPolicyRequest, ListEntitiesForPolicyResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, attachmentsOf, mustAttachable } from './domain.js'

export const ListEntitiesForPolicy: Handler<
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse
> = (input, ctx) => {
  const a = accountOf(ctx)
  mustAttachable(a, input.PolicyArn)
  const { users, groups, roles } = attachmentsOf(a, input.PolicyArn)
  const f = input.EntityFilter
  const direct = <T extends { attached: string[] }>(rows: T[]) =>
    rows.filter((r) => r.attached.includes(input.PolicyArn))
  return {
    PolicyGroups:
      !f || f === 'Group' ? groups.map((g) => ({ GroupName: g.name, GroupId: g.id })) : [],
    PolicyUsers:
      !f || f === 'User' ? direct(users).map((u) => ({ UserName: u.name, UserId: u.id })) : [],
    PolicyRoles:
      !f || f === 'Role' ? direct(roles).map((r) => ({ RoleName: r.name, RoleId: r.id })) : [],
    IsTruncated: false,
  }
}
