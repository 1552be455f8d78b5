/** IAM: users, groups, roles, managed and inline policies, access keys, instance profiles. */
import type { Operations } from '../../gen/iam.js'
import type { HandlerTable, ServiceHost } from '../types.js'
import { AddRoleToInstanceProfile } from './AddRoleToInstanceProfile.js'
import { AddUserToGroup } from './AddUserToGroup.js'
import { AttachGroupPolicy } from './AttachGroupPolicy.js'
import { AttachRolePolicy } from './AttachRolePolicy.js'
import { AttachUserPolicy } from './AttachUserPolicy.js'
import { CreateAccessKey } from './CreateAccessKey.js'
import { CreateGroup } from './CreateGroup.js'
import { CreateInstanceProfile } from './CreateInstanceProfile.js'
import { CreatePolicy } from './CreatePolicy.js'
import { CreatePolicyVersion } from './CreatePolicyVersion.js'
import { CreateRole } from './CreateRole.js'
import { CreateUser } from './CreateUser.js'
import { credentialOf, sessionCredentialOf } from './credentials.js'
import { DeleteAccessKey } from './DeleteAccessKey.js'
import { DeleteGroup } from './DeleteGroup.js'
import { DeleteGroupPolicy } from './DeleteGroupPolicy.js'
import { DeleteInstanceProfile } from './DeleteInstanceProfile.js'
import { DeletePolicy } from './DeletePolicy.js'
import { DeletePolicyVersion } from './DeletePolicyVersion.js'
import { DeleteRole } from './DeleteRole.js'
import { DeleteRolePermissionsBoundary } from './DeleteRolePermissionsBoundary.js'
import { DeleteRolePolicy } from './DeleteRolePolicy.js'
import { DeleteUser } from './DeleteUser.js'
import { DeleteUserPermissionsBoundary } from './DeleteUserPermissionsBoundary.js'
import { DeleteUserPolicy } from './DeleteUserPolicy.js'
import { DetachGroupPolicy } from './DetachGroupPolicy.js'
import { DetachRolePolicy } from './DetachRolePolicy.js'
import { DetachUserPolicy } from './DetachUserPolicy.js'
import type { IamState } from './domain.js'
import { GetAccessKeyLastUsed } from './GetAccessKeyLastUsed.js'
import { GetAccountAuthorizationDetails } from './GetAccountAuthorizationDetails.js'
import { GetGroup } from './GetGroup.js'
import { GetGroupPolicy } from './GetGroupPolicy.js'
import { GetInstanceProfile } from './GetInstanceProfile.js'
import { GetPolicy } from './GetPolicy.js'
import { GetPolicyVersion } from './GetPolicyVersion.js'
import { GetRole } from './GetRole.js'
import { GetRolePolicy } from './GetRolePolicy.js'
import { GetUser } from './GetUser.js'
import { GetUserPolicy } from './GetUserPolicy.js'
import { ListAccessKeys } from './ListAccessKeys.js'
import { ListAttachedGroupPolicies } from './ListAttachedGroupPolicies.js'
import { ListAttachedRolePolicies } from './ListAttachedRolePolicies.js'
import { ListAttachedUserPolicies } from './ListAttachedUserPolicies.js'
import { ListEntitiesForPolicy } from './ListEntitiesForPolicy.js'
import { ListGroupPolicies } from './ListGroupPolicies.js'
import { ListGroups } from './ListGroups.js'
import { ListGroupsForUser } from './ListGroupsForUser.js'
import { ListInstanceProfiles } from './ListInstanceProfiles.js'
import { ListInstanceProfilesForRole } from './ListInstanceProfilesForRole.js'
import { ListPolicies } from './ListPolicies.js'
import { ListPolicyVersions } from './ListPolicyVersions.js'
import { ListRolePolicies } from './ListRolePolicies.js'
import { ListRoles } from './ListRoles.js'
import { ListRoleTags } from './ListRoleTags.js'
import { ListUserPolicies } from './ListUserPolicies.js'
import { ListUsers } from './ListUsers.js'
import { ListUserTags } from './ListUserTags.js'
import { PutGroupPolicy } from './PutGroupPolicy.js'
import { PutRolePermissionsBoundary } from './PutRolePermissionsBoundary.js'
import { PutRolePolicy } from './PutRolePolicy.js'
import { PutUserPermissionsBoundary } from './PutUserPermissionsBoundary.js'
import { PutUserPolicy } from './PutUserPolicy.js'
import { RemoveRoleFromInstanceProfile } from './RemoveRoleFromInstanceProfile.js'
import { RemoveUserFromGroup } from './RemoveUserFromGroup.js'
import { SetDefaultPolicyVersion } from './SetDefaultPolicyVersion.js'
import { SimulateCustomPolicy } from './SimulateCustomPolicy.js'
import { SimulatePrincipalPolicy } from './SimulatePrincipalPolicy.js'
import { IamStore } from './store.js'
import { TagRole } from './TagRole.js'
import { TagUser } from './TagUser.js'
import { UntagRole } from './UntagRole.js'
import { UntagUser } from './UntagUser.js'
import { UpdateAccessKey } from './UpdateAccessKey.js'
import { UpdateAssumeRolePolicy } from './UpdateAssumeRolePolicy.js'
import { UpdateRole } from './UpdateRole.js'
import { UpdateUser } from './UpdateUser.js'

const HOUR_MS = 3600 * 1000
const DAY_MS = 24 * HOUR_MS

export const handlers = {
  GetAccountAuthorizationDetails,
  SimulateCustomPolicy,
  SimulatePrincipalPolicy,
  AddRoleToInstanceProfile,
  AddUserToGroup,
  AttachGroupPolicy,
  AttachRolePolicy,
  AttachUserPolicy,
  CreateAccessKey,
  CreateGroup,
  CreateInstanceProfile,
  CreatePolicy,
  CreatePolicyVersion,
  CreateRole,
  CreateUser,
  DeleteAccessKey,
  DeleteGroup,
  DeleteGroupPolicy,
  DeleteInstanceProfile,
  DeletePolicy,
  DeletePolicyVersion,
  DeleteRole,
  DeleteRolePermissionsBoundary,
  DeleteRolePolicy,
  DeleteUser,
  DeleteUserPermissionsBoundary,
  DeleteUserPolicy,
  DetachGroupPolicy,
  DetachRolePolicy,
  DetachUserPolicy,
  GetAccessKeyLastUsed,
  GetGroup,
  GetGroupPolicy,
  GetInstanceProfile,
  GetPolicy,
  GetPolicyVersion,
  GetRole,
  GetRolePolicy,
  GetUser,
  GetUserPolicy,
  ListAccessKeys,
  ListAttachedGroupPolicies,
  ListAttachedRolePolicies,
  ListAttachedUserPolicies,
  ListEntitiesForPolicy,
  ListGroupPolicies,
  ListGroups,
  ListGroupsForUser,
  ListInstanceProfiles,
  ListInstanceProfilesForRole,
  ListPolicies,
  ListPolicyVersions,
  ListRolePolicies,
  ListRoleTags,
  ListRoles,
  ListUserPolicies,
  ListUserTags,
  ListUsers,
  PutGroupPolicy,
  PutRolePermissionsBoundary,
  PutRolePolicy,
  PutUserPermissionsBoundary,
  PutUserPolicy,
  RemoveRoleFromInstanceProfile,
  RemoveUserFromGroup,
  SetDefaultPolicyVersion,
  TagRole,
  TagUser,
  UntagRole,
  UntagUser,
  UpdateAccessKey,
  UpdateAssumeRolePolicy,
  UpdateRole,
  UpdateUser,
} satisfies HandlerTable<Operations>

/**
 * Opens the store and puts every IAM access key and live STS session back into the host's
 * credentials, so keys sign requests right after a restart (the service starts at boot).
 */
export const open = (host: ServiceHost): IamState => {
  const store = new IamStore(host.dataDir.metadata)
  for (const [account, a] of store.accounts()) {
    for (const key of a.accessKeys.values()) {
      const user = a.users.get(key.userName.toLowerCase())
      if (user) host.credentials.add(credentialOf(account, key, user))
    }
    for (const key of a.revokedKeys.values()) {
      const user = a.users.get(key.userName.toLowerCase())
      const principal = user ?? {
        name: key.userName,
        arn: `arn:aws:iam::${account}:user/${key.userName}`,
        id: '',
      }
      host.credentials.add({ ...credentialOf(account, key, principal), active: false })
    }
    for (const s of a.sessions.values()) host.credentials.add(sessionCredentialOf(s))
  }
  sweepSessions(store, host, host.now())
  host.scheduler.schedule({
    name: 'iam expired sessions',
    kind: 'iam:sessions',
    delayMs: HOUR_MS,
    everyMs: HOUR_MS,
    run: () => sweepSessions(store, host, host.now()),
  })
  return { store, credentials: host.credentials }
}

/**
 * Forgets STS sessions a day after they expired. Until then they stay known, so they answer
 * ExpiredToken rather than fall back to the local root as an unknown key would.
 */
const sweepSessions = (store: IamStore, host: ServiceHost, now: number): void => {
  for (const [account, a] of store.accounts()) {
    for (const s of [...a.sessions.values()]) {
      if (s.expiresAt > now - DAY_MS) continue
      store.delete(account, 'session', s.accessKeyId)
      host.credentials.remove(s.accessKeyId)
    }
  }
}
