/** IAM's wording, once. Query error codes and statuses as the IAM model declares them. */
import { AwsError } from '../../server/errors.js'

export type EntityType = 'user' | 'role' | 'group'

export const noSuchEntity = (message: string): AwsError =>
  new AwsError('NoSuchEntity', message, 404)

export const noSuch = (type: EntityType, name: string): AwsError =>
  noSuchEntity(`The ${type} with name ${name} cannot be found.`)

export const noSuchInline = (type: EntityType, name: string): AwsError =>
  noSuchEntity(`The ${type} policy with name ${name} cannot be found.`)

export const noSuchPolicy = (arn: string): AwsError => noSuchEntity(`Policy ${arn} was not found.`)

export const notAttachable = (arn: string): AwsError =>
  noSuchEntity(`Policy ${arn} does not exist or is not attachable.`)

export const noSuchPolicyVersion = (arn: string, version: string): AwsError =>
  noSuchEntity(`Policy ${arn} version ${version} does not exist or is not attachable.`)

export const policyNotAttached = (arn: string): AwsError =>
  noSuchEntity(`Policy ${arn} was not found.`)

export const noSuchAccessKey = (id: string): AwsError =>
  noSuchEntity(`The Access Key with id ${id} cannot be found.`)

export const noSuchInstanceProfile = (name: string): AwsError =>
  noSuchEntity(`Instance Profile ${name} cannot be found.`)

const ALREADY: Record<EntityType, string> = { user: 'User', role: 'Role', group: 'Group' }

export const alreadyExists = (type: EntityType, name: string): AwsError =>
  new AwsError('EntityAlreadyExists', `${ALREADY[type]} with name ${name} already exists.`, 409)

export const policyAlreadyExists = (name: string): AwsError =>
  new AwsError(
    'EntityAlreadyExists',
    `A policy called ${name} already exists. Duplicate names are not allowed.`,
    409,
  )

export const instanceProfileExists = (name: string): AwsError =>
  new AwsError('EntityAlreadyExists', `Instance Profile ${name} already exists.`, 409)

export const roleAlreadyInProfile = (): AwsError =>
  new AwsError(
    'LimitExceeded',
    'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    409,
  )

export const limitExceeded = (message: string): AwsError =>
  new AwsError('LimitExceeded', message, 409)

export const quota = (name: string, limit: number): AwsError =>
  limitExceeded(`Cannot exceed quota for ${name}: ${limit}`)

export const deleteConflict = (message: string): AwsError =>
  new AwsError('DeleteConflict', message, 409)

export const malformed = (message: string): AwsError =>
  new AwsError('MalformedPolicyDocument', message, 400)

export const invalidInput = (message: string): AwsError =>
  new AwsError('InvalidInput', message, 400)

export const invalidArn = (arn: string): AwsError => invalidInput(`ARN ${arn} is not valid.`)

export const unmodifiable = (message: string): AwsError =>
  new AwsError('UnmodifiableEntity', message, 400)

/** Calls that default to the calling user, made with role or root credentials. */
export const needsUserName = (): AwsError =>
  new AwsError(
    'ValidationError',
    'Must specify userName when calling with non-User credentials',
    400,
  )
