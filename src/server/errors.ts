/**
 * The only kind of error allowed to reach the wire. Handlers and the pipeline throw it; the
 * protocol alone decides its wire form (`__type`, S3 `<Error>`, query `<ErrorResponse>`, ...).
 * Anything else thrown becomes a logged 500 InternalFailure with no stack on the wire.
 */
export class AwsError extends Error {
  constructor(
    /** Wire code: the error shape name, or its awsQueryError code (IAM/STS). */
    readonly code: string,
    message: string,
    /** HTTP status, from the shape's `@httpError` trait. */
    readonly status = 400,
    /** Extra modeled members of the error shape (e.g. S3 `BucketName`), serialized with it. */
    readonly fields: Record<string, unknown> = {},
    /** Extra response headers (e.g. `Retry-After`, S3 `x-amz-delete-marker`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = code
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
