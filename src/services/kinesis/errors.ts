/** AWS's wording for Kinesis errors, once. Sources: AWS API reference examples and kinesalite. */
import { AwsError } from '../../server/errors.js'

const err = (code: string, message: string, status = 400): AwsError =>
  new AwsError(code, message, status)

export const streamNotFound = (name: string, account: string): AwsError =>
  err('ResourceNotFoundException', `Stream ${name} under account ${account} not found.`)

export const streamExists = (name: string, account: string): AwsError =>
  err('ResourceInUseException', `Stream ${name} under account ${account} already exists.`)

export const streamNotActive = (name: string, account: string, status: string): AwsError =>
  err(
    'ResourceInUseException',
    `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`,
  )

export const shardNotFound = (shardId: string, name: string, account: string): AwsError =>
  err(
    'ResourceNotFoundException',
    `Shard ${shardId} in stream ${name} under account ${account} does not exist`,
  )

export const couldNotFindShard = (shardId: string, name: string, account: string): AwsError =>
  err(
    'ResourceNotFoundException',
    `Could not find shard ${shardId} in stream ${name} under account ${account}.`,
  )

export const shardLimitExceeded = (
  account: string,
  region: string,
  current: number,
  limit: number,
  adding: number,
): AwsError =>
  err(
    'LimitExceededException',
    `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${adding}. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`,
  )

export const onDemandStreamLimit = (account: string, limit: number): AwsError =>
  err(
    'LimitExceededException',
    `This request would exceed the on-demand stream limit for the account ${account}. Limit: ${limit}.`,
  )

export const invalidArgument = (message: string): AwsError =>
  err('InvalidArgumentException', message)

export const eitherNameOrArn = (): AwsError =>
  invalidArgument('Either StreamName or StreamARN must be provided.')

export const invalidHashKey = (value: string): AwsError =>
  invalidArgument(
    `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${value}`,
  )

export const invalidIterator = (): AwsError => invalidArgument('Invalid ShardIterator.')

const amzDate = (ms: number): string => new Date(ms).toUTCString().replace('GMT', 'UTC')

export const expiredIterator = (issuedAt: number, now: number): AwsError =>
  err(
    'ExpiredIteratorException',
    `Iterator expired. The iterator was created at time ${amzDate(issuedAt)} while right now it is ${amzDate(now)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
  )

export const iteratorTypeMismatch = (type: string, hasSeq: boolean): AwsError =>
  invalidArgument(
    `Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${hasSeq ? 'also a' : 'no'} StartingSequenceNumber.`,
  )

export const badStartingSequence = (
  seq: string,
  shardId: string,
  name: string,
  account: string,
  reason = '',
): AwsError =>
  invalidArgument(
    `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${name} under account ${account} is invalid${reason}.`,
  )

export const sequenceForOtherShard = (encoded: string, shardId: string): AwsError =>
  invalidArgument(
    `Invalid StartingSequenceNumber. It encodes ${encoded}, while it was used in a call to a shard with ${shardId}`,
  )

export const missingTimestamp = (): AwsError =>
  invalidArgument(
    'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
  )

export const timestampInFuture = (ts: number, now: number): AwsError =>
  invalidArgument(
    `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ts}, currentTimestampInMillis: ${now}`,
  )

export const retentionTooShort = (hours: number): AwsError =>
  invalidArgument(
    `Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`,
  )

export const retentionTooLong = (hours: number): AwsError =>
  invalidArgument(
    `Maximum allowed retention period is 8760 hours. Requested retention period (${hours} hours) is too long.`,
  )

export const retentionNotLonger = (hours: number, name: string, current: number): AwsError =>
  invalidArgument(
    `Requested retention period (${hours} hours) for stream ${name} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`,
  )

export const retentionNotShorter = (hours: number, name: string, current: number): AwsError =>
  invalidArgument(
    `Requested retention period (${hours} hours) for stream ${name} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`,
  )

export const recordTooLarge = (size: number, max: number): AwsError =>
  invalidArgument(
    `Record size (data + partition key) of ${size} bytes exceeds the maximum of ${max} bytes.`,
  )

export const recordsTooLarge = (size: number): AwsError =>
  invalidArgument(
    `Records size of ${size} bytes exceeds the 5 MiB (5242880 bytes) limit of PutRecords.`,
  )

export const missingPartitionKey = (): AwsError =>
  invalidArgument(
    'PartitionKey is required unless the stream distributes records itself (RecordDistributionStrategy AUTO).',
  )

export const throughputExceeded = (shardId: string, name: string, account: string): AwsError =>
  err(
    'ProvisionedThroughputExceededException',
    `Rate exceeded for shard ${shardId} in stream ${name} under account ${account}.`,
  )

export const consumerNotFound = (what: string, account: string): AwsError =>
  err('ResourceNotFoundException', `Consumer ${what} under account ${account} not found.`)

export const consumerExists = (name: string, account: string): AwsError =>
  err('ResourceInUseException', `Consumer ${name} under account ${account} already exists.`)

export const resourceNotFound = (arn: string): AwsError =>
  err('ResourceNotFoundException', `Resource ${arn} not found.`)

export const policyNotFound = (arn: string): AwsError =>
  err('ResourceNotFoundException', `No resource policy found for resource ${arn}.`)

export const expiredNextToken = (): AwsError =>
  err('ExpiredNextTokenException', 'The NextToken has expired or is invalid.')

export const invalidNextToken = (): AwsError => invalidArgument('NextToken is invalid.')

export const tagLimit = (name: string, account: string): AwsError =>
  invalidArgument(
    `Failed to add tags to stream ${name} under account ${account} because a given stream cannot have more than 50 tags associated with it.`,
  )

export const channelNotFound = (arn: string): AwsError =>
  err('ResourceNotFoundException', `Channel ${arn} not found.`)

export const channelExists = (name: string, account: string): AwsError =>
  err('ResourceInUseException', `Channel ${name} under account ${account} already exists.`)

export const autoNeedsOnDemand = (name: string, account: string): AwsError =>
  invalidArgument(
    `Stream ${name} under account ${account} is in PROVISIONED mode: the AUTO record distribution strategy needs ON_DEMAND mode.`,
  )
