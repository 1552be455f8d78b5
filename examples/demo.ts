/**
 * `npm run demo`: the blog post's pipeline on Millrace, as far as the served services reach today.
 * Starts Millrace on the embedded defaults, then, through the real AWS SDK:
 *  1. IAM: the two roles of the pipeline (API Gateway → Kinesis; Glue → S3), with AWS managed policies.
 *  2. S3: the data-lake bucket, with reference data uploaded under data/ref/.
 *  3. Kinesis: the stream, waited on until ACTIVE.
 *  4. IAM's evaluator shows what the API Gateway role may do: kinesis:PutRecord yes,
 *     DeleteStream and S3 reads no.
 *  5. A producer puts click events into the stream; a consumer reads them back from TRIM_HORIZON.
 * Firehose delivery to data/raw/YYYY/MM/DD/HH/, the API Gateway REST API and the Glue crawler
 * and join job are the next steps; they arrive with their services.
 * Then it keeps serving so the AWS CLI can look around; `--exit` stops after the run.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  NoSuchEntityException,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis'
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { parseConfig } from '../src/server/config.js'
import { startServer } from '../src/server/start.js'

const args = process.argv.slice(2)
const exitAfter = args.includes('--exit')
const { config } = parseConfig(
  args.filter((a) => a !== '--exit'),
  process.env,
)
const server = await startServer(config)
console.log(`Millrace listening on ${server.url}`)

const root = {
  region: config.region,
  endpoint: server.url,
  credentials: { accessKeyId: 'AKIADEMOROOT', secretAccessKey: 'demo' },
}
const iam = new IAMClient(root)
const s3 = new S3Client({ ...root, forcePathStyle: true })
const kinesis = new KinesisClient(root)
const say = (step: string) => console.log(`\n▶ ${step}`)

const trust = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  })

const ensureRole = async (name: string, service: string, policies: string[]): Promise<string> => {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!.Arn!
  } catch (e) {
    if (!(e instanceof NoSuchEntityException)) throw e
  }
  const { Role } = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) }),
  )
  for (const PolicyArn of policies) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }))
  }
  return Role!.Arn!
}

say('IAM: the pipeline roles')
const apiRole = await ensureRole('millrace-demo-apigateway', 'apigateway.amazonaws.com', [
  'arn:aws:iam::aws:policy/AmazonKinesisFullAccess',
])
const glueRole = await ensureRole('millrace-demo-glue', 'glue.amazonaws.com', [
  'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole',
  'arn:aws:iam::aws:policy/AmazonS3FullAccess',
])
console.log(`  ${apiRole}\n  ${glueRole}`)

say('S3: bucket and reference data')
const bucket = 'millrace-demo-lake'
await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
  if (e.name !== 'BucketAlreadyOwnedByYou') throw e
})
const titles = ['title_id,title', 't1,The Millrace', 't2,Streams and Shards', 't3,Lakes at Dawn']
await s3.send(
  new PutObjectCommand({
    Bucket: bucket,
    Key: 'data/ref/titles.csv',
    Body: `${titles.join('\n')}\n`,
  }),
)
const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'data/' }))
for (const o of listed.Contents ?? []) console.log(`  s3://${bucket}/${o.Key} (${o.Size} bytes)`)

say('Kinesis: the stream')
const StreamName = 'millrace-demo-clicks'
await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 })).catch((e: Error) => {
  if (!(e instanceof ResourceInUseException)) throw e
})
for (;;) {
  const { StreamDescriptionSummary: s } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName }),
  )
  console.log(`  ${StreamName}: ${s?.StreamStatus}, ${s?.OpenShardCount} open shards`)
  if (s?.StreamStatus === 'ACTIVE') break
  await new Promise((r) => setTimeout(r, 250))
}

say('IAM decides what the API Gateway role may do (its integration will run as that role)')
const simulated = await iam.send(
  new SimulatePrincipalPolicyCommand({
    PolicySourceArn: apiRole,
    ActionNames: ['kinesis:PutRecord', 'kinesis:DeleteStream', 's3:GetObject'],
    ResourceArns: [`arn:aws:kinesis:${config.region}:${config.accountId}:stream/${StreamName}`],
  }),
)
for (const r of simulated.EvaluationResults ?? []) {
  console.log(`  ${r.EvalActionName}: ${r.EvalDecision}`)
}

say('A producer puts click events into the stream')
const started = Date.now()
for (let i = 0; i < 10; i++) {
  const event = { user_id: `u${i % 4}`, title_id: `t${(i % 3) + 1}`, ts: new Date().toISOString() }
  const out = await kinesis.send(
    new PutRecordCommand({
      StreamName,
      PartitionKey: event.user_id,
      Data: Buffer.from(JSON.stringify(event)),
    }),
  )
  if (i < 3) console.log(`  put ${JSON.stringify(event)} → ${out.ShardId} #${out.SequenceNumber}`)
}
console.log(`  10 records in ${Date.now() - started} ms`)

say('A consumer reads the stream from TRIM_HORIZON')
let read = 0
const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName }))
for (const shard of Shards ?? []) {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName,
      ShardId: shard.ShardId!,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  )
  const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
  read += Records?.length ?? 0
  const first = Records?.[0]
  if (first)
    console.log(
      `  ${shard.ShardId}: ${Records?.length} records, first ${Buffer.from(first.Data!).toString()}`,
    )
}
console.log(`  read ${read} records (all runs so far)`)

say(
  'Next: Firehose → s3://millrace-demo-lake/data/raw/YYYY/MM/DD/HH/, API Gateway, Glue crawler and join job',
)
console.log('  arrive with their services; see GET /_millrace/health for what is served.')

if (exitAfter) {
  await server.stop()
} else {
  console.log(
    `\nServing on ${server.url}; try: aws --endpoint-url ${server.url} kinesis list-streams`,
  )
  console.log('Ctrl-C to stop.')
  const stop = () => server.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
