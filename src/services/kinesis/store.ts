/**
 * Kinesis state: stream rows in the metadata DB (one JSON document per stream, written through
 * on every change, cached in memory so the record path never touches SQL) and one segment log
 * per shard under `<streamsDir>/kinesis/<stream id>/<shard index>`.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { EncryptionType, MetricsName, StreamMode, StreamStatus } from '../../gen/kinesis.js'
import type { MetadataStore } from '../../storage/metadata.js'
import { openShardLog, type ShardLog } from '../../storage/stream-log.js'
import type { ServiceHost, ServiceState } from '../types.js'

export interface ShardRow {
  index: number
  parent?: number
  adjacentParent?: number
  start: bigint
  end: bigint
  createdMs: number
  /** When the shard was closed by a reshard (it stays readable until retention ends). */
  closedAt?: number
  /** Offset after the last record of a closed shard. */
  endOffset?: number
}

export interface ConsumerRow {
  name: string
  arn: string
  status: 'CREATING' | 'ACTIVE' | 'DELETING'
  createdMs: number
  tags: Record<string, string>
}

export interface StreamRow {
  account: string
  region: string
  name: string
  arn: string
  id: string
  status: StreamStatus
  mode: StreamMode
  createdMs: number
  retentionHours: number
  encryptionType: EncryptionType
  keyId?: string
  metrics: MetricsName[]
  tags: Record<string, string>
  shards: ShardRow[]
  consumers: ConsumerRow[]
  nextShardIndex: number
  maxRecordKiB: number
  warmMiBps?: number
  distribution?: 'AUTO' | 'USER_PARTITION_KEY'
}

export interface ChannelRow {
  account: string
  region: string
  name: string
  arn: string
  doc: Record<string, unknown>
}

const MIGRATIONS = [
  {
    version: 1,
    name: 'kinesis streams, policies, channels, settings, secret',
    up: `CREATE TABLE kinesis_streams (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account, region, name));
CREATE TABLE kinesis_policies (arn TEXT PRIMARY KEY, policy TEXT NOT NULL);
CREATE TABLE kinesis_channels (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account, region, name));
CREATE TABLE kinesis_account_settings (account TEXT NOT NULL, region TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account, region));
CREATE TABLE kinesis_secret (id INTEGER PRIMARY KEY, secret BLOB NOT NULL);`,
  },
]

const toDoc = (s: StreamRow): string =>
  JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))

const fromDoc = (text: string): StreamRow =>
  JSON.parse(text, (_k, v) =>
    typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
  ) as StreamRow

const key = (account: string, region: string, name: string): string =>
  `${account}/${region}/${name}`

export interface KinesisState extends ServiceState {
  readonly host: ServiceHost
  readonly secret: Buffer
  readonly db: MetadataStore
  findStream(account: string, region: string, name: string): StreamRow | undefined
  findStreamByArn(arn: string): StreamRow | undefined
  streamsOf(account: string, region: string): StreamRow[]
  allStreams(): StreamRow[]
  /** Inserts or updates the stream's row (write-through) and its cache entry. */
  save(stream: StreamRow): void
  /** Removes the stream's row, policies and logs. */
  remove(stream: StreamRow): Promise<void>
  /** The shard's log, opened on first use. */
  log(stream: StreamRow, shardIndex: number): Promise<ShardLog>
  /** The shard's log if already open (the hot path avoids a promise when it is). */
  openLog(stream: StreamRow, shardIndex: number): ShardLog | undefined
  dropLog(stream: StreamRow, shardIndex: number): Promise<void>
  newStream(
    fields: Pick<StreamRow, 'account' | 'region' | 'name' | 'mode'> & Partial<StreamRow>,
  ): StreamRow
  channels(account: string, region: string): ChannelRow[]
  saveChannel(c: ChannelRow): void
  removeChannel(c: ChannelRow): void
  accountSettings(account: string, region: string): Record<string, unknown>
  saveAccountSettings(account: string, region: string, doc: Record<string, unknown>): void
  policyOf(arn: string): string | undefined
  setPolicy(arn: string, policy: string | undefined): void
}

export const openKinesisState = async (host: ServiceHost): Promise<KinesisState> => {
  const db = host.dataDir.metadata
  db.migrate('kinesis', MIGRATIONS)
  let row = db.get<{ secret: Buffer }>('SELECT secret FROM kinesis_secret WHERE id = 1')
  if (!row) {
    db.run('INSERT INTO kinesis_secret (id, secret) VALUES (1, ?)', [randomBytes(32)])
    row = db.get<{ secret: Buffer }>('SELECT secret FROM kinesis_secret WHERE id = 1')!
  }
  const streams = new Map<string, StreamRow>()
  for (const r of db.all<{ doc: string }>('SELECT doc FROM kinesis_streams')) {
    const s = fromDoc(r.doc)
    streams.set(key(s.account, s.region, s.name), s)
  }
  const logs = new Map<string, ShardLog>()
  const opening = new Map<string, Promise<ShardLog>>()
  const logDir = (s: StreamRow, ix: number): string =>
    join(host.dataDir.streamsDir, 'kinesis', s.id, String(ix))

  const state: KinesisState = {
    host,
    secret: row.secret,
    db,
    findStream: (account, region, name) => streams.get(key(account, region, name)),
    findStreamByArn: (arn) => {
      const m = /^arn:aws[^:]*:kinesis:([^:]+):(\d{12}):stream\/([^/]+)$/.exec(arn)
      return m ? streams.get(key(m[2]!, m[1]!, m[3]!)) : undefined
    },
    streamsOf: (account, region) =>
      [...streams.values()]
        .filter((s) => s.account === account && s.region === region)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    allStreams: () => [...streams.values()],
    save: (s) => {
      db.run(
        'INSERT INTO kinesis_streams (account, region, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, name) DO UPDATE SET doc = excluded.doc',
        [s.account, s.region, s.name, toDoc(s)],
      )
      streams.set(key(s.account, s.region, s.name), s)
    },
    remove: async (s) => {
      db.transaction(() => {
        db.run('DELETE FROM kinesis_streams WHERE account = ? AND region = ? AND name = ?', [
          s.account,
          s.region,
          s.name,
        ])
        db.run('DELETE FROM kinesis_policies WHERE arn = ? OR arn LIKE ?', [s.arn, `${s.arn}/%`])
      })
      if (streams.get(key(s.account, s.region, s.name)) === s) {
        streams.delete(key(s.account, s.region, s.name))
      }
      for (const shard of s.shards) await state.dropLog(s, shard.index)
    },
    log: (s, ix) => {
      const k = `${s.id}/${ix}`
      const open = logs.get(k)
      if (open) return Promise.resolve(open)
      let p = opening.get(k)
      if (!p) {
        p = openShardLog(logDir(s, ix), { fsync: host.dataDir.fsync }).then((l) => {
          logs.set(k, l)
          opening.delete(k)
          return l
        })
        opening.set(k, p)
      }
      return p
    },
    openLog: (s, ix) => logs.get(`${s.id}/${ix}`),
    dropLog: async (s, ix) => {
      const k = `${s.id}/${ix}`
      const l = logs.get(k) ?? (await opening.get(k))
      logs.delete(k)
      if (l) await l.destroy()
      else {
        const { rm } = await import('node:fs/promises')
        await rm(logDir(s, ix), { recursive: true, force: true })
      }
    },
    newStream: (f) => {
      const createdMs = host.now()
      return {
        arn: `arn:aws:kinesis:${f.region}:${f.account}:stream/${f.name}`,
        id: randomUUID(),
        status: 'CREATING',
        createdMs,
        retentionHours: 24,
        encryptionType: 'NONE',
        metrics: [],
        tags: {},
        shards: [],
        consumers: [],
        nextShardIndex: 0,
        maxRecordKiB: 1024,
        ...f,
      }
    },
    channels: (account, region) =>
      db
        .all<{ name: string; arn: string; doc: string }>(
          'SELECT name, arn, doc FROM kinesis_channels WHERE account = ? AND region = ? ORDER BY name',
          [account, region],
        )
        .map((r) => ({ account, region, name: r.name, arn: r.arn, doc: JSON.parse(r.doc) })),
    saveChannel: (c) => {
      db.run(
        'INSERT INTO kinesis_channels (account, region, name, arn, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, region, name) DO UPDATE SET doc = excluded.doc',
        [c.account, c.region, c.name, c.arn, JSON.stringify(c.doc)],
      )
    },
    removeChannel: (c) => {
      db.run('DELETE FROM kinesis_channels WHERE account = ? AND region = ? AND name = ?', [
        c.account,
        c.region,
        c.name,
      ])
    },
    accountSettings: (account, region) => {
      const r = db.get<{ doc: string }>(
        'SELECT doc FROM kinesis_account_settings WHERE account = ? AND region = ?',
        [account, region],
      )
      return r ? JSON.parse(r.doc) : {}
    },
    saveAccountSettings: (account, region, doc) => {
      db.run(
        'INSERT INTO kinesis_account_settings (account, region, doc) VALUES (?, ?, ?) ON CONFLICT (account, region) DO UPDATE SET doc = excluded.doc',
        [account, region, JSON.stringify(doc)],
      )
    },
    policyOf: (arn) =>
      db.get<{ policy: string }>('SELECT policy FROM kinesis_policies WHERE arn = ?', [arn])
        ?.policy,
    setPolicy: (arn, policy) => {
      if (policy === undefined) db.run('DELETE FROM kinesis_policies WHERE arn = ?', [arn])
      else
        db.run(
          'INSERT INTO kinesis_policies (arn, policy) VALUES (?, ?) ON CONFLICT (arn) DO UPDATE SET policy = excluded.policy',
          [arn, policy],
        )
    },
    close: async () => {
      for (const p of opening.values()) await p.catch(() => undefined)
      for (const l of logs.values()) await l.close()
      logs.clear()
    },
  }
  return state
}
