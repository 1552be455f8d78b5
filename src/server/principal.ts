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
  /** IAM user name (users) or role name (sessions): IAM resolves the principal's policies by it. */
  name?: string
  /** For role sessions: the role ARN (resource policies may name it instead of the session). */
  roleArn?: string
  /** For role sessions: the session name (aws:username is not set for sessions). */
  sessionName?: string
  /** Session policies (JSON documents) passed to AssumeRole: they narrow the role's permissions. */
  sessionPolicies?: string[]
  /** Session tags passed to AssumeRole (they override the role's tags as aws:PrincipalTag). */
  sessionTags?: Record<string, string>
}

// Two literals rather than a conditional spread: this runs for every request signed by an
// unknown key in local mode, and a spread takes V8's slow path.
export const rootPrincipal = (account: string, accessKeyId?: string): Principal =>
  accessKeyId
    ? { kind: 'root', account, arn: `arn:aws:iam::${account}:root`, userId: account, accessKeyId }
    : { kind: 'root', account, arn: `arn:aws:iam::${account}:root`, userId: account }
