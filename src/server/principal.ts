/** Who is calling: resolved by authentication, decided on by IAM. */
export interface Principal {
  /** `root` for the account root (and unknown keys in `--auth local`), `user`, `assumed-role`, `service`. */
  kind: 'root' | 'user' | 'assumed-role' | 'service' | 'anonymous'
  account: string
  /** e.g. `arn:aws:iam::000000000000:root`, `arn:aws:sts::000000000000:assumed-role/R/session` */
  arn: string
  /** The access key id the request was signed with, if any. */
  accessKeyId?: string
  /** IAM unique id (AIDA…/AROA…:session) where known. */
  userId: string
}

export const rootPrincipal = (account: string, accessKeyId?: string): Principal => ({
  kind: 'root',
  account,
  arn: `arn:aws:iam::${account}:root`,
  userId: account,
  ...(accessKeyId ? { accessKeyId } : {}),
})
