/**
 * Access control lists as AWS serves them on buckets created today: Object Ownership is
 * `BucketOwnerEnforced`, so ACLs are disabled. Every bucket and object reads as the owner's
 * FULL_CONTROL; a write may only restate that (canned `private` or `bucket-owner-full-control`,
 * or a policy granting just the owner) and anything else answers AccessControlListNotSupported.
 * Access is decided by IAM and bucket policies alone.
 */
import type { Grant, Owner } from '../../gen/s3.js'
import { aclNotSupported } from './errors.js'

/** The owner as S3 renders it in listings and ACLs. */
export const ownerOf = (account: string): { ID: string; DisplayName: string } => ({
  ID: account,
  DisplayName: 'millrace',
})

export const ownerFullControl = (account: string): { Owner: Owner; Grants: Grant[] } => ({
  Owner: ownerOf(account),
  Grants: [
    {
      Grantee: { Type: 'CanonicalUser', ...ownerOf(account) },
      Permission: 'FULL_CONTROL',
    },
  ],
})

interface AclWrite {
  ACL?: string
  AccessControlPolicy?: { Grants?: Grant[] }
  GrantFullControl?: string
  GrantRead?: string
  GrantReadACP?: string
  GrantWrite?: string
  GrantWriteACP?: string
}

const ALLOWED_CANNED = new Set(['private', 'bucket-owner-full-control'])

/** Throws AccessControlListNotSupported unless the write only restates the owner's control. */
export const checkAclWrite = (input: AclWrite, account: string): void => {
  const grantsHeaders = [
    input.GrantFullControl,
    input.GrantRead,
    input.GrantReadACP,
    input.GrantWrite,
    input.GrantWriteACP,
  ]
  if (input.ACL !== undefined && !ALLOWED_CANNED.has(input.ACL)) throw aclNotSupported()
  if (grantsHeaders.some((g) => g !== undefined)) throw aclNotSupported()
  const grants = input.AccessControlPolicy?.Grants ?? []
  const onlyOwner = grants.every(
    (g) =>
      g.Permission === 'FULL_CONTROL' &&
      g.Grantee?.Type === 'CanonicalUser' &&
      g.Grantee.ID === account,
  )
  if (!onlyOwner) throw aclNotSupported()
}
