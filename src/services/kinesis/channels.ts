/**
 * Channels (stream → S3 / S3 Tables delivery): validated against the streams they read, stored
 * and reported. Not supported: the delivery itself (Firehose is Millrace's delivery path).
 */
import type {
  ChannelDescription,
  ChannelSummary,
  CreateChannelInput,
  UpdateChannelInput,
} from '../../gen/kinesis.js'
import type { Ctx } from '../types.js'
import { channelExists, channelNotFound, invalidArgument, streamNotFound } from './errors.js'
import type { ChannelRow } from './store.js'
import { stateOf } from './streams.js'

/** Stored form: the description with dates as epoch ms. */
type Stored = Omit<ChannelDescription, 'ChannelCreationTimestamp' | 'StreamConfigurationList'> & {
  ChannelCreationTimestamp: number
  StreamConfigurationList: {
    StreamARN: string
    StreamCreationTimestamp: number
    RecordConfiguration: unknown
  }[]
}

const DEFAULT_FRESHNESS_S = 300

export const describeChannel = (row: ChannelRow): ChannelDescription => {
  const d = row.doc as unknown as Stored
  return {
    ...d,
    ChannelCreationTimestamp: new Date(d.ChannelCreationTimestamp),
    StreamConfigurationList: d.StreamConfigurationList.map((c) => ({
      ...c,
      StreamCreationTimestamp: new Date(c.StreamCreationTimestamp),
    })),
  } as ChannelDescription
}

export const summarizeChannel = (row: ChannelRow): ChannelSummary => {
  const d = describeChannel(row)
  return {
    ChannelName: d.ChannelName,
    ChannelARN: d.ChannelARN,
    ChannelId: d.ChannelId,
    ChannelStatus: d.ChannelStatus,
    ChannelCreationTimestamp: d.ChannelCreationTimestamp,
    ChannelDestinationType: d.S3TablesDestinationConfiguration ? 'S3_TABLES' : 'S3',
    Streams: d.StreamConfigurationList.map((c) => ({
      StreamARN: c.StreamARN,
      StreamCreationTimestamp: c.StreamCreationTimestamp,
    })),
    ...(d.ChannelStatusReason ? { ChannelStatusReason: d.ChannelStatusReason } : {}),
  }
}

export const findChannel = (ctx: Ctx, arn: string): ChannelRow => {
  const row = stateOf(ctx)
    .channels(ctx.account, ctx.region)
    .find((c) => c.arn === arn)
  if (!row) throw channelNotFound(arn)
  return row
}

export const createChannel = (ctx: Ctx, input: CreateChannelInput): ChannelRow => {
  const st = stateOf(ctx)
  if (st.channels(ctx.account, ctx.region).some((c) => c.name === input.ChannelName)) {
    throw channelExists(input.ChannelName, ctx.account)
  }
  if (!input.S3DestinationConfiguration === !input.S3TablesDestinationConfiguration) {
    throw invalidArgument(
      'Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.',
    )
  }
  const streams = input.StreamConfigurationList.map((c) => {
    const s = st.findStreamByArn(c.StreamARN)
    if (!s) throw streamNotFound(c.StreamARN.slice(c.StreamARN.lastIndexOf('/') + 1), ctx.account)
    return {
      StreamARN: s.arn,
      StreamCreationTimestamp: s.createdMs,
      RecordConfiguration: c.RecordConfiguration,
    }
  })
  const id = crypto.randomUUID()
  const s3 = input.S3DestinationConfiguration
  const tables = input.S3TablesDestinationConfiguration
  const doc: Stored = {
    ChannelName: input.ChannelName,
    ChannelARN: `arn:aws:kinesis:${ctx.region}:${ctx.account}:channel/${input.ChannelName}`,
    ChannelId: id,
    ChannelStatus: 'ACTIVE',
    ChannelCreationTimestamp: ctx.now(),
    ServiceExecutionRoleARN: input.ServiceExecutionRoleARN,
    StreamConfigurationList: streams,
    LoggingConfiguration: input.LoggingConfiguration ?? { CloudWatchLogs: { Enabled: false } },
    ...(s3
      ? {
          S3DestinationConfiguration: {
            DataFreshnessInSeconds: s3.DataFreshnessInSeconds ?? DEFAULT_FRESHNESS_S,
            StorageConfiguration: s3.StorageConfiguration,
            DeadLetterQueueS3Configuration: s3.DeadLetterQueueS3Configuration ?? {
              BucketARN: s3.StorageConfiguration.BucketARN,
              ExpectedBucketOwner: s3.StorageConfiguration.ExpectedBucketOwner,
            },
          },
        }
      : {}),
    ...(tables
      ? {
          S3TablesDestinationConfiguration: {
            DataFreshnessInSeconds: tables.DataFreshnessInSeconds ?? DEFAULT_FRESHNESS_S,
            DeadLetterQueueS3Configuration: tables.DeadLetterQueueS3Configuration,
            S3TablesConfigurationList: tables.S3TablesConfigurationList,
          },
        }
      : {}),
    ...(input.EncryptionConfiguration
      ? { EncryptionConfiguration: input.EncryptionConfiguration }
      : {}),
  }
  const row: ChannelRow = {
    account: ctx.account,
    region: ctx.region,
    name: input.ChannelName,
    arn: doc.ChannelARN,
    doc: doc as unknown as Record<string, unknown>,
  }
  st.saveChannel(row)
  return row
}

export const updateChannel = (ctx: Ctx, input: UpdateChannelInput): ChannelRow => {
  const row = findChannel(ctx, input.ChannelARN)
  const d = row.doc as unknown as Stored
  if (input.S3DestinationConfiguration) {
    if (!d.S3DestinationConfiguration) throw invalidArgument('The channel has no S3 destination.')
    d.S3DestinationConfiguration.DataFreshnessInSeconds =
      input.S3DestinationConfiguration.DataFreshnessInSeconds
  }
  if (input.S3TablesDestinationConfiguration) {
    if (!d.S3TablesDestinationConfiguration)
      throw invalidArgument('The channel has no S3 Tables destination.')
    d.S3TablesDestinationConfiguration.DataFreshnessInSeconds =
      input.S3TablesDestinationConfiguration.DataFreshnessInSeconds
  }
  if (input.LoggingConfiguration) d.LoggingConfiguration = input.LoggingConfiguration
  stateOf(ctx).saveChannel(row)
  return row
}
