/**
 * The only kind of error allowed to reach the wire. Handlers and the pipeline throw it; the
 * protocol alone decides its wire form (`__type`, S3 `<Error>`, query `<ErrorResponse>`, ...).
 * Anything else thrown becomes a logged 500 InternalFailure with no stack on the wire.
 */
export class AwsError extends Error {
  /** Wire code: the error shape name, or its awsQueryError code (IAM/STS). */
  readonly code: string
  /** HTTP status, from the shape's `@httpError` trait. */
  readonly status: number
  /** Extra modeled members of the error shape (e.g. S3 `BucketName`), serialized with it. */
  readonly fields: Record<string, unknown>
  /** Extra response headers (e.g. `Retry-After`, S3 `x-amz-delete-marker`). */
  readonly headers: Record<string, string>

  constructor(
    code: string,
    message: string,
    status = 400,
    fields: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    // An AwsError is an answer, not a bug: skip the stack trace, which costs more than the
    // rest of an error response on hot paths (ResourceNotFound, throttling, validation).
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
    this.name = code
    this.code = code
    this.status = status
    this.fields = fields
    this.headers = headers
  }

  /** Client errors are the caller's fault (`Sender` in awsQuery); 5xx are ours (`Receiver`). */
  get isClientError(): boolean {
    return this.status < 500
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError

/** Unexpected failures: the message never carries internals to the wire. */
export const internalFailure = (): AwsError =>
  new AwsError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500,
  )

/** AWS's wording for operations a service models but Millrace does not serve (yet). */
export const notImplemented = (service: string, operation: string): AwsError =>
  new AwsError(
    'NotImplemented',
    `The operation ${operation} of service ${service} is not implemented by Millrace.`,
    501,
  )
