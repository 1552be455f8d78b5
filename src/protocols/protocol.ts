import type { Readable } from 'node:stream'
import type { AwsError } from '../server/errors.js'
import type { OperationModel, ServiceModel } from './model.js'

/** A request as the protocols see it: transport-neutral, headers lower-cased. */
export interface WireRequest {
  method: string
  /** Raw path as received, still percent-encoded, without the query string. */
  path: string
  /** Raw query string without the leading `?` ('' when none). */
  rawQuery: string
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>
  /** Host header without the port. */
  host: string
  /**
   * The body: fully read into a Buffer (size-limited) for everything except operations whose
   * input has a streaming blob payload (S3 PutObject/UploadPart), which get the stream.
   */
  body: Buffer | Readable
}

/** A response as the protocols produce it. */
export interface WireResponse {
  status: number
  headers: Record<string, string>
  body?: Buffer | string | Readable
}

/** Facts about the call that response encoding may need. */
export interface EncodeContext {
  requestId: string
  service: ServiceModel
  /** S3 virtual-host bucket, API ids, ... resolved by routing. */
  hostLabels?: Record<string, string>
}

/**
 * A wire protocol: model-driven and generic over services. Service quirks live in
 * src/protocols/quirks/<service>.ts, never as `if (service === ...)` inside a protocol.
 */
export interface Protocol {
  /** The operation a request addresses, or undefined (→ the protocol's unknown-operation error). */
  resolveOperation(req: WireRequest, service: ServiceModel): OperationModel | undefined
  /**
   * Decode the request into the operation's input object (wire member names, no validation).
   * Synchronous where the body is already read (JSON, CBOR, query): one await less per request.
   */
  parse(
    req: WireRequest,
    op: OperationModel,
    service: ServiceModel,
  ): Record<string, unknown> | Promise<Record<string, unknown>>
  /** Encode a handler's output. */
  serialize(output: Record<string, unknown>, op: OperationModel, ctx: EncodeContext): WireResponse
  /** Encode an error in this protocol's form. */
  serializeError(err: AwsError, ctx: EncodeContext, op?: OperationModel): WireResponse
  /** The error this protocol answers for a request no operation matches. */
  unknownOperation(req: WireRequest, service: ServiceModel): AwsError
}
