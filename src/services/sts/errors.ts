/** STS's wording, once. */
import { AwsError } from '../../server/errors.js'

export const assumeDenied = (
  caller: string,
  roleArn: string,
  action: 'sts:AssumeRole' | 'sts:TagSession' = 'sts:AssumeRole',
): AwsError =>
  new AwsError(
    'AccessDenied',
    `User: ${caller} is not authorized to perform: ${action} on resource: ${roleArn}`,
    403,
  )

export const validationError = (message: string): AwsError =>
  new AwsError('ValidationError', message, 400)

export const durationExceedsRole = (): AwsError =>
  validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')

export const durationExceedsChaining = (): AwsError =>
  validationError(
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  )

export const malformedSessionPolicy = (message: string): AwsError =>
  new AwsError('MalformedPolicyDocument', message, 400)

export const packedPolicyTooLarge = (percent: number): AwsError =>
  new AwsError(
    'PackedPolicyTooLarge',
    `Packed policy consumes ${percent}% of allotted space, please use smaller policy set.`,
    400,
  )

export const sessionCredentialsRefused = (): AwsError =>
  new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403)
