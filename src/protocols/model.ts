/**
 * The runtime form of an AWS Smithy model, as written by scripts/gen-models.mjs into src/gen/.
 * Shape names are the Smithy shape names without namespace; prelude shapes keep their full id
 * (`smithy.api#String`). No documentation text is kept.
 */

export type ProtocolName = 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'restXml' | 'awsQuery'

export interface ServiceModel {
  /** Our key for the service: the SigV4 signing name (kinesis, s3, apigateway, iam, sts, ...). */
  id: string
  sdkId: string
  version: string
  protocol: ProtocolName
  /** awsJson: the `X-Amz-Target` prefix (the service shape name, e.g. `Kinesis_20131202`). */
  targetPrefix: string
  signingName: string
  endpointPrefix: string
  /** restXml/awsQuery: the XML namespace of responses. */
  xmlNamespace?: string
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}

export interface OperationModel {
  name: string
  /** Input/output structure shape names; absent when the model says smithy.api#Unit. */
  input?: string
  output?: string
  errors: string[]
  http?: HttpBinding
  /** `@endpoint(hostPrefix)`, e.g. `{AccountId}.` for S3 Control; labels refer to input members. */
  hostPrefix?: string
  idempotent?: boolean
  /** `@httpChecksum` request/response settings (S3). */
  checksum?: {
    requestRequired?: boolean
    requestAlgorithmMember?: string
    responseValidation?: string
  }
  /** `@aws.auth#unsignedPayload` */
  unsignedPayload?: boolean
  /** `@aws.customizations#s3UnwrappedXmlOutput` (S3 GetBucketLocation): output not wrapped in an element. */
  unwrappedXmlOutput?: true
  /** `@requestCompression` encodings the client may use (CloudWatch PutMetricData: gzip). */
  requestCompression?: string[]
}

export interface HttpBinding {
  method: string
  /** URI template, e.g. `/{Bucket}/{Key+}?uploads` */
  uri: string
  /** Success status code (default 200). */
  code?: number
}

export type MemberLocation =
  | 'header'
  | 'query'
  | 'label'
  | 'payload'
  | 'prefixHeaders'
  | 'queryParams'
  | 'statusCode'
  | 'hostLabel'

export interface Member {
  /** Target shape name. */
  target: string
  required?: true
  /** Smithy `@default` value (members of structures). */
  default?: unknown
  /** HTTP binding of a top-level input/output member (rest protocols). */
  location?: MemberLocation
  /** Header name, query key, or label name for `location`. */
  locationName?: string
  jsonName?: string
  xmlName?: string
  xmlAttribute?: true
  xmlFlattened?: true
  xmlNamespace?: { uri: string; prefix?: string }
  idempotencyToken?: true
  eventPayload?: true
  deprecated?: true
  /** Member-level `@timestampFormat` (overrides the target's and the protocol's default). */
  timestampFormat?: 'date-time' | 'http-date' | 'epoch-seconds'
}

export interface LengthConstraint {
  min?: number
  max?: number
}

export interface RangeConstraint {
  min?: number
  max?: number
}

interface ShapeBase {
  /** Shape-level `@xmlName` (restXml root element names). */
  xmlName?: string
  xmlNamespace?: { uri: string; prefix?: string }
  sensitive?: true
}

export interface StructureShape extends ShapeBase {
  type: 'structure'
  members: Record<string, Member>
  /** Present on error shapes. */
  error?: 'client' | 'server'
  httpError?: number
  /** `@awsQueryError`: the wire code and HTTP status for awsQuery services. */
  queryError?: { code: string; status: number }
}

export interface UnionShape extends ShapeBase {
  type: 'union'
  members: Record<string, Member>
  /** `@streaming` unions are event streams (Kinesis SubscribeToShard). */
  streaming?: true
}

export interface ListShape extends ShapeBase {
  type: 'list'
  member: Member
  length?: LengthConstraint
  uniqueItems?: true
  sparse?: true
}

export interface MapShape extends ShapeBase {
  type: 'map'
  key: Member
  value: Member
  length?: LengthConstraint
  sparse?: true
}

export interface StringShape extends ShapeBase {
  type: 'string'
  length?: LengthConstraint
  pattern?: string
  /** Values of a Smithy `enum` shape, or of the legacy `@enum` trait. */
  enum?: string[]
  mediaType?: string
}

export interface NumberShape extends ShapeBase {
  type:
    | 'byte'
    | 'short'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'bigInteger'
    | 'bigDecimal'
    | 'intEnum'
  range?: RangeConstraint
  enum?: number[]
}

export interface BlobShape extends ShapeBase {
  type: 'blob'
  length?: LengthConstraint
  streaming?: true
}

export interface TimestampShape extends ShapeBase {
  type: 'timestamp'
  format?: 'date-time' | 'http-date' | 'epoch-seconds'
}

export interface SimpleShape extends ShapeBase {
  type: 'boolean' | 'document'
}

export type Shape =
  | StructureShape
  | UnionShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BlobShape
  | TimestampShape
  | SimpleShape

/** What each generated module src/gen/<service>.ts exports. */
export interface GeneratedService {
  model: ServiceModel
}

/** Entry of src/gen/index.ts: enough to route a request without loading the whole model. */
export interface ServiceIndexEntry {
  id: string
  protocol: ProtocolName
  targetPrefix: string
  signingName: string
  endpointPrefix: string
  load: () => Promise<GeneratedService>
}
