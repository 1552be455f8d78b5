/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html */
import type {
  GetAccountAuthorizationDetailsRequest,
  GetAccountAuthorizationDetailsResponse,
  ManagedPolicyDetail,
} from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, findManaged } from './domain.js'
import { AWS_MANAGED, AWS_MANAGED_CREATED } from './managed-policies.js'
import {
  encodeDocument,
  groupView,
  instanceProfileView,
  policyView,
  roleView,
  userView,
} from './views.js'

const inline = (rows: ReadonlyArray<{ name: string; document: string }>) =>
  rows.map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDocument(p.document) }))

/** Not supported: paging (everything comes in one page). */
export const GetAccountAuthorizationDetails: Handler<
  GetAccountAuthorizationDetailsRequest,
  GetAccountAuthorizationDetailsResponse
> = (input, ctx) => {
  const a = accountOf(ctx)
  const want = (t: string) =>
    !input.Filter || input.Filter.length === 0 || input.Filter.includes(t as never)
  const attached = (arns: readonly string[]) =>
    arns.flatMap((arn) => {
      const p = findManaged(a, arn)
      return p ? [{ PolicyName: p.name, PolicyArn: arn }] : []
    })
  const inUse = new Set<string>()
  for (const r of [...a.users.values(), ...a.groups.values(), ...a.roles.values()])
    for (const x of r.attached) inUse.add(x)
  for (const r of [...a.users.values(), ...a.roles.values()]) if (r.boundary) inUse.add(r.boundary)
  const policies: ManagedPolicyDetail[] = []
  for (const arn of [
    ...a.policies.keys(),
    ...[...AWS_MANAGED.keys()].filter((k) => inUse.has(k)),
  ]) {
    const p = findManaged(a, arn)
    if (!p || !want(p.isAws ? 'AWSManagedPolicy' : 'LocalManagedPolicy')) continue
    const versions = p.row
      ? p.row.versions
      : [
          {
            id: p.defaultVersion,
            document: AWS_MANAGED.get(arn)?.document ?? '',
            createDate: AWS_MANAGED_CREATED,
          },
        ]
    policies.push({
      ...policyView(a, p),
      PolicyVersionList: versions.map((v) => ({
        Document: encodeDocument(v.document),
        VersionId: v.id,
        IsDefaultVersion: v.id === p.defaultVersion,
        CreateDate: new Date(v.createDate),
      })),
    })
  }
  return {
    UserDetailList: want('User')
      ? [...a.users.values()].map((u) => ({
          ...userView(u, true),
          UserPolicyList: inline(u.inline),
          GroupList: u.groups,
          AttachedManagedPolicies: attached(u.attached),
        }))
      : [],
    GroupDetailList: want('Group')
      ? [...a.groups.values()].map((g) => ({
          ...groupView(g),
          GroupPolicyList: inline(g.inline),
          AttachedManagedPolicies: attached(g.attached),
        }))
      : [],
    RoleDetailList: want('Role')
      ? [...a.roles.values()].map((r) => ({
          ...roleView(r, true),
          InstanceProfileList: [...a.instanceProfiles.values()]
            .filter((p) => p.roles.includes(r.name))
            .map((p) => instanceProfileView(a, p)),
          RolePolicyList: inline(r.inline),
          AttachedManagedPolicies: attached(r.attached),
        }))
      : [],
    Policies: policies,
    IsTruncated: false,
  }
}
