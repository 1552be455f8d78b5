import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AddTagsToStreamCommand,
  CreateChannelCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteChannelCommand,
  DeleteResourcePolicyCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeAccountSettingsCommand,
  DescribeChannelCommand,
  DescribeStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  GetRecordsCommand,
  GetResourcePolicyCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListChannelsCommand,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  RemoveTagsFromStreamCommand,
  SplitShardCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountSettingsCommand,
  UpdateMaxRecordSizeCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
  UpdateStreamRecordDistributionStrategyCommand,
  UpdateStreamWarmThroughputCommand,
} from '@aws-sdk/client-kinesis'
import { resourcePolicyOf } from '../src/services/kinesis/index.js'
import type { KinesisState } from '../src/services/kinesis/store.js'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const ARN = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`
const MID = String(1n << 127n)

describe('kinesis control plane (SDK)', () => {
  let cloud: Cloud
  let k: KinesisClient
  before(async () => {
    cloud = await startCloud(['--kinesis-shard-limit', '12'])
    k = cloud.client(KinesisClient)
  })
  after(async () => {
    k.destroy()
    await cloud.stop()
  })

  test('shard limit from the flag, in DescribeLimits wording', async () => {
    await rejects(
      k.send(new CreateStreamCommand({ StreamName: 'huge', ShardCount: 13 })),
      'LimitExceededException',
      'This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count for the account: 0. Limit: 12. Number of additional shards that would have resulted from this request: 13. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
    )
  })

  test('split, merge, rescale: lineage, closed parents readable, null iterator at their end', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'rs', ShardCount: 1 }))
    await k.send(
      new PutRecordCommand({ StreamName: 'rs', Data: Buffer.from('before'), PartitionKey: 'a' }),
    )
    await rejects(
      k.send(
        new SplitShardCommand({
          StreamName: 'rs',
          ShardToSplit: 'shardId-000000000000',
          NewStartingHashKey: '1',
        }),
      ),
      'InvalidArgumentException',
      `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream rs under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${(1n << 128n) - 1n}.`,
    )
    await k.send(
      new SplitShardCommand({
        StreamName: 'rs',
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: MID,
      }),
    )
    const shards = (await k.send(new ListShardsCommand({ StreamName: 'rs' }))).Shards!
    assert.deepEqual(
      shards.map((s) => [s.ShardId, s.ParentShardId, s.HashKeyRange!.StartingHashKey]),
      [
        ['shardId-000000000000', undefined, '0'],
        ['shardId-000000000001', 'shardId-000000000000', '0'],
        ['shardId-000000000002', 'shardId-000000000000', MID],
      ],
    )
    assert.ok(shards[0]!.SequenceNumberRange!.EndingSequenceNumber)
    const open = (
      await k.send(new ListShardsCommand({ StreamName: 'rs', ShardFilter: { Type: 'AT_LATEST' } }))
    ).Shards!
    assert.equal(open.length, 2)
    // The closed parent is still readable; its end gives no NextShardIterator but ChildShards.
    const it = await k.send(
      new GetShardIteratorCommand({
        StreamName: 'rs',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const r = await k.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))
    assert.deepEqual(
      r.Records!.map((x) => Buffer.from(x.Data!).toString()),
      ['before'],
    )
    assert.equal(r.NextShardIterator, undefined)
    assert.deepEqual(
      r.ChildShards!.map((c) => c.ShardId),
      ['shardId-000000000001', 'shardId-000000000002'],
    )
    await k.send(
      new MergeShardsCommand({
        StreamName: 'rs',
        ShardToMerge: 'shardId-000000000001',
        AdjacentShardToMerge: 'shardId-000000000002',
      }),
    )
    const merged = (
      await k.send(new ListShardsCommand({ StreamName: 'rs', ShardFilter: { Type: 'AT_LATEST' } }))
    ).Shards!
    assert.deepEqual(
      merged.map((s) => [s.ShardId, s.ParentShardId, s.AdjacentParentShardId]),
      [['shardId-000000000003', 'shardId-000000000001', 'shardId-000000000002']],
    )
    const up = await k.send(
      new UpdateShardCountCommand({
        StreamName: 'rs',
        TargetShardCount: 2,
        ScalingType: 'UNIFORM_SCALING',
      }),
    )
    assert.equal(up.CurrentShardCount, 1)
    assert.equal(up.TargetShardCount, 2)
    const after = (
      await k.send(new ListShardsCommand({ StreamName: 'rs', ShardFilter: { Type: 'AT_LATEST' } }))
    ).Shards!
    assert.deepEqual(
      after.map((s) => s.ParentShardId),
      ['shardId-000000000003', 'shardId-000000000003'],
    )
    await rejects(
      k.send(
        new UpdateShardCountCommand({
          StreamName: 'rs',
          TargetShardCount: 5,
          ScalingType: 'UNIFORM_SCALING',
        }),
      ),
      'InvalidArgumentException',
      'UpdateShardCount cannot scale up over double or scale down below half of the current shard count. Current open shard count: 2. Target shard count: 5.',
    )
  })

  test('retention bounds and enforcement', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'ret', ShardCount: 1 }))
    await rejects(
      k.send(
        new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 9000 }),
      ),
      'InvalidArgumentException',
      'Maximum allowed retention period is 8760 hours. Requested retention period (9000 hours) is too long.',
    )
    await k.send(
      new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 48 }),
    )
    await rejects(
      k.send(
        new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 30 }),
      ),
      'InvalidArgumentException',
      'Requested retention period (30 hours) for stream ret can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.',
    )
    await rejects(
      k.send(
        new DecreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 12 }),
      ),
      'InvalidArgumentException',
      'Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.',
    )
    await k.send(
      new DecreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 24 }),
    )
    const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: 'ret' }))
    assert.equal(d.StreamDescriptionSummary!.RetentionPeriodHours, 24)
  })

  test('tags by name and by ARN, encryption, monitoring, mode, newer settings', async () => {
    await k.send(
      new CreateStreamCommand({ StreamName: 'cfg', ShardCount: 1, Tags: { team: 'data' } }),
    )
    await k.send(new AddTagsToStreamCommand({ StreamName: 'cfg', Tags: { env: 'dev', b: '1' } }))
    await k.send(new RemoveTagsFromStreamCommand({ StreamName: 'cfg', TagKeys: ['b'] }))
    const t = await k.send(new ListTagsForStreamCommand({ StreamName: 'cfg', Limit: 1 }))
    assert.deepEqual(t.Tags, [{ Key: 'env', Value: 'dev' }])
    assert.equal(t.HasMoreTags, true)
    await k.send(new TagResourceCommand({ ResourceARN: ARN('cfg'), Tags: { x: 'y' } }))
    await k.send(new UntagResourceCommand({ ResourceARN: ARN('cfg'), TagKeys: ['team'] }))
    const byArn = await k.send(new ListTagsForResourceCommand({ ResourceARN: ARN('cfg') }))
    assert.deepEqual(byArn.Tags, [
      { Key: 'env', Value: 'dev' },
      { Key: 'x', Value: 'y' },
    ])
    await k.send(
      new StartStreamEncryptionCommand({
        StreamName: 'cfg',
        EncryptionType: 'KMS',
        KeyId: 'alias/aws/kinesis',
      }),
    )
    let d = (await k.send(new DescribeStreamCommand({ StreamName: 'cfg' }))).StreamDescription!
    assert.equal(d.EncryptionType, 'KMS')
    assert.equal(d.KeyId, 'alias/aws/kinesis')
    const put = await k.send(
      new PutRecordCommand({ StreamName: 'cfg', Data: Buffer.from('x'), PartitionKey: 'p' }),
    )
    assert.equal(put.EncryptionType, 'KMS')
    await k.send(
      new StopStreamEncryptionCommand({
        StreamName: 'cfg',
        EncryptionType: 'KMS',
        KeyId: 'alias/aws/kinesis',
      }),
    )
    const en = await k.send(
      new EnableEnhancedMonitoringCommand({
        StreamName: 'cfg',
        ShardLevelMetrics: ['IncomingBytes'],
      }),
    )
    assert.deepEqual(en.CurrentShardLevelMetrics, [])
    assert.deepEqual(en.DesiredShardLevelMetrics, ['IncomingBytes'])
    const dis = await k.send(
      new DisableEnhancedMonitoringCommand({ StreamName: 'cfg', ShardLevelMetrics: ['ALL'] }),
    )
    assert.deepEqual(dis.DesiredShardLevelMetrics, [])
    d = (await k.send(new DescribeStreamCommand({ StreamName: 'cfg' }))).StreamDescription!
    assert.equal(d.EncryptionType, 'NONE')
    assert.deepEqual(d.EnhancedMonitoring, [{ ShardLevelMetrics: [] }])
    await k.send(
      new UpdateStreamModeCommand({
        StreamARN: ARN('cfg'),
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      }),
    )
    await k.send(
      new UpdateStreamWarmThroughputCommand({ StreamName: 'cfg', WarmThroughputMiBps: 20 }),
    )
    await k.send(
      new UpdateMaxRecordSizeCommand({ StreamARN: ARN('cfg'), MaxRecordSizeInKiB: 2048 }),
    )
    await k.send(
      new UpdateStreamRecordDistributionStrategyCommand({
        StreamARN: ARN('cfg'),
        RecordDistributionStrategy: 'AUTO',
      }),
    )
    const sum = (await k.send(new DescribeStreamSummaryCommand({ StreamName: 'cfg' })))
      .StreamDescriptionSummary!
    assert.equal(sum.StreamModeDetails!.StreamMode, 'ON_DEMAND')
    assert.equal(sum.WarmThroughput!.TargetMiBps, 20)
    assert.equal(sum.MaxRecordSizeInKiB, 2048)
    assert.equal(sum.RecordDistributionStrategy, 'AUTO')
    // AUTO distribution: the partition key may be omitted; bigger records are accepted now.
    const auto = await k.send(
      new PutRecordsCommand({ StreamName: 'cfg', Records: [{ Data: Buffer.alloc(1500 * 1024) }] }),
    )
    assert.equal(auto.FailedRecordCount, 0)
  })

  test('AUTO record distribution: on-demand only, spreads records evenly ignoring keys', async () => {
    await rejects(
      k.send(
        new CreateStreamCommand({
          StreamName: 'autop',
          ShardCount: 1,
          RecordDistributionStrategy: 'AUTO',
        }),
      ),
      'InvalidArgumentException',
      'Stream autop under account 000000000000 is in PROVISIONED mode: the AUTO record distribution strategy needs ON_DEMAND mode.',
    )
    await k.send(
      new CreateStreamCommand({
        StreamName: 'auto',
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        RecordDistributionStrategy: 'AUTO',
      }),
    )
    const out = await k.send(
      new PutRecordsCommand({
        StreamName: 'auto',
        Records: Array.from({ length: 8 }, () => ({
          Data: Buffer.from('x'),
          PartitionKey: 'same',
        })),
      }),
    )
    const perShard = new Map<string, number>()
    for (const r of out.Records!) perShard.set(r.ShardId!, (perShard.get(r.ShardId!) ?? 0) + 1)
    assert.deepEqual([...perShard.values()], [2, 2, 2, 2])
    await rejects(
      k.send(
        new PutRecordCommand({
          StreamName: 'auto',
          Data: Buffer.from('x'),
          SequenceNumberForOrdering: '1',
        }),
      ),
      'InvalidArgumentException',
      'SequenceNumberForOrdering must not be provided for a stream using the AUTO record distribution strategy.',
    )
  })

  test('consumers, resource policies (read through resourcePolicyOf), account settings', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'fan', ShardCount: 1 }))
    const reg = await k.send(
      new RegisterStreamConsumerCommand({ StreamARN: ARN('fan'), ConsumerName: 'app' }),
    )
    assert.match(
      reg.Consumer!.ConsumerARN!,
      /^arn:aws:kinesis:us-east-1:000000000000:stream\/fan\/consumer\/app:\d+$/,
    )
    await rejects(
      k.send(new RegisterStreamConsumerCommand({ StreamARN: ARN('fan'), ConsumerName: 'app' })),
      'ResourceInUseException',
      'Consumer app under account 000000000000 already exists.',
    )
    const desc = await k.send(
      new DescribeStreamConsumerCommand({ StreamARN: ARN('fan'), ConsumerName: 'app' }),
    )
    assert.equal(desc.ConsumerDescription!.ConsumerStatus, 'ACTIVE')
    const list = await k.send(new ListStreamConsumersCommand({ StreamARN: ARN('fan') }))
    assert.deepEqual(
      list.Consumers!.map((c) => c.ConsumerName),
      ['app'],
    )
    await k.send(
      new TagResourceCommand({ ResourceARN: reg.Consumer!.ConsumerARN, Tags: { c: '1' } }),
    )
    assert.deepEqual(
      (await k.send(new ListTagsForResourceCommand({ ResourceARN: reg.Consumer!.ConsumerARN })))
        .Tags,
      [{ Key: 'c', Value: '1' }],
    )
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '111122223333' },
          Action: 'kinesis:GetRecords',
          Resource: ARN('fan'),
        },
      ],
    })
    await k.send(new PutResourcePolicyCommand({ ResourceARN: ARN('fan'), Policy: policy }))
    assert.equal(
      (await k.send(new GetResourcePolicyCommand({ ResourceARN: ARN('fan') }))).Policy,
      policy,
    )
    const state = cloud.server.app.services.get<KinesisState>('kinesis')
    assert.equal(resourcePolicyOf(state, ARN('fan')), policy)
    await k.send(new DeleteResourcePolicyCommand({ ResourceARN: ARN('fan') }))
    assert.equal(
      (await k.send(new GetResourcePolicyCommand({ ResourceARN: ARN('fan') }))).Policy,
      '{}',
    )
    await rejects(
      k.send(new DeleteStreamCommand({ StreamName: 'fan' })),
      'ResourceInUseException',
      'Stream fan under account 000000000000 has registered consumers. Either deregister them or set EnforceConsumerDeletion to true.',
    )
    await k.send(new DeregisterStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }))
    assert.equal(
      (await k.send(new ListStreamConsumersCommand({ StreamARN: ARN('fan') }))).Consumers!.length,
      0,
    )
    assert.equal(
      (await k.send(new DescribeAccountSettingsCommand({}))).MinimumThroughputBillingCommitment!
        .Status,
      'DISABLED',
    )
    const on = await k.send(
      new UpdateAccountSettingsCommand({
        MinimumThroughputBillingCommitment: { Status: 'ENABLED' },
      }),
    )
    assert.equal(on.MinimumThroughputBillingCommitment!.Status, 'ENABLED')
    const off = await k.send(
      new UpdateAccountSettingsCommand({
        MinimumThroughputBillingCommitment: { Status: 'DISABLED' },
      }),
    )
    assert.equal(
      off.MinimumThroughputBillingCommitment!.Status,
      'ENABLED_UNTIL_EARLIEST_ALLOWED_END',
    )
  })

  test('channels are validated, stored and reported', async () => {
    await k.send(new CreateStreamCommand({ StreamName: 'ch', ShardCount: 1 }))
    const created = await k.send(
      new CreateChannelCommand({
        ChannelName: 'to-s3',
        ServiceExecutionRoleARN: 'arn:aws:iam::000000000000:role/channel',
        StreamConfigurationList: [
          { StreamARN: ARN('ch'), RecordConfiguration: { RecordFormatType: 'JSON' } },
        ],
        S3DestinationConfiguration: {
          StorageConfiguration: {
            BucketARN: 'arn:aws:s3:::bucket',
            ExpectedBucketOwner: '000000000000',
            CompressionType: 'GZIP',
          },
        },
      }),
    )
    const arn = created.ChannelDescription!.ChannelARN!
    assert.equal(created.ChannelDescription!.ChannelStatus, 'ACTIVE')
    const d = await k.send(new DescribeChannelCommand({ ChannelARN: arn }))
    assert.equal(d.ChannelDescription!.S3DestinationConfiguration!.DataFreshnessInSeconds, 300)
    const l = await k.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: ARN('ch') }] }))
    assert.deepEqual(
      l.ChannelSummaries!.map((c) => [c.ChannelName, c.ChannelDestinationType]),
      [['to-s3', 'S3']],
    )
    await k.send(new DeleteChannelCommand({ ChannelARN: arn }))
    await rejects(
      k.send(new DescribeChannelCommand({ ChannelARN: arn })),
      'ResourceNotFoundException',
      `Channel ${arn} not found.`,
    )
  })
})
