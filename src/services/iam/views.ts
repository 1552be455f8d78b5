/** Stored rows → IAM wire shapes. IAM returns policy documents URL-encoded (RFC 3986). */
import type {
  AccessKeyMetadata,
  Group,
  InstanceProfile,
  Policy,
  PolicyVersion,
  Role,
  User,
} from '../../gen/iam.js'
import { attachmentsOf, type ManagedView } from './domain.js'
import type {
  AccessKeyRow,
  AccountState,
  GroupRow,
  InstanceProfileRow,
  PolicyVersionRow,
  RoleRow,
  UserRow,
} from './store.js'

export const encodeDocument = (doc: string): string => encodeURIComponent(doc)

const boundaryOf = (arn: string | undefined) =>
  arn
    ? {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const,
          PermissionsBoundaryArn: arn,
        },
      }
    : {}

export const userView = (u: UserRow, withTags = false): User => ({
  Path: u.path,
  UserName: u.name,
  UserId: u.id,
  Arn: u.arn,
  CreateDate: new Date(u.createDate),
  ...boundaryOf(u.boundary),
  ...(withTags && u.tags.length > 0 ? { Tags: u.tags } : {}),
})

export const groupView = (g: GroupRow): Group => ({
  Path: g.path,
  GroupName: g.name,
  GroupId: g.id,
  Arn: g.arn,
  CreateDate: new Date(g.createDate),
})

export const roleView = (r: RoleRow, full = false): Role => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.id,
  Arn: r.arn,
  CreateDate: new Date(r.createDate),
  AssumeRolePolicyDocument: encodeDocument(r.trust),
  ...(r.description !== undefined ? { Description: r.description } : {}),
  MaxSessionDuration: r.maxSessionDuration,
  ...boundaryOf(r.boundary),
  ...(full && r.tags.length > 0 ? { Tags: r.tags } : {}),
  ...(full
    ? {
        RoleLastUsed: r.lastUsed ? { LastUsedDate: new Date(r.lastUsed), Region: 'us-east-1' } : {},
      }
    : {}),
})

export const policyView = (a: AccountState, p: ManagedView): Policy => {
  const { users, groups, roles } = attachmentsOf(a, p.arn)
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: users.length + groups.length + roles.length,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: new Date(p.createDate),
    UpdateDate: new Date(p.updateDate),
    ...(p.row && p.row.tags.length > 0 ? { Tags: p.row.tags } : {}),
  }
}

export const versionView = (
  v: PolicyVersionRow,
  defaultVersion: string,
  withDocument: boolean,
): PolicyVersion => ({
  ...(withDocument ? { Document: encodeDocument(v.document) } : {}),
  VersionId: v.id,
  IsDefaultVersion: v.id === defaultVersion,
  CreateDate: new Date(v.createDate),
})

export const instanceProfileView = (a: AccountState, p: InstanceProfileRow): InstanceProfile => ({
  Path: p.path,
  InstanceProfileName: p.name,
  InstanceProfileId: p.id,
  Arn: p.arn,
  CreateDate: new Date(p.createDate),
  Roles: p.roles.flatMap((n) => {
    const r = a.roles.get(n.toLowerCase())
    return r ? [roleView(r)] : []
  }),
  ...(p.tags.length > 0 ? { Tags: p.tags } : {}),
})

export const accessKeyView = (k: AccessKeyRow): AccessKeyMetadata => ({
  UserName: k.userName,
  AccessKeyId: k.id,
  Status: k.status,
  CreateDate: new Date(k.createDate),
})
