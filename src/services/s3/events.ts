/** S3 object events on the in-process bus (feed notifications and Glue crawler event mode). */
import type { S3State } from './state.js'

export interface S3ObjectEvent {
  bucket: string
  key: string
  size: number
  etag: string
  versionId?: string
  /** S3's event name without the `s3:` prefix, e.g. `ObjectCreated:Put`. */
  eventName: string
  /** Event time (ms since epoch). */
  time: number
}

declare module '../../server/event-bus.js' {
  interface EventMap {
    's3:ObjectCreated': S3ObjectEvent
    's3:ObjectRemoved': S3ObjectEvent
  }
}

export const publishCreated = (s3: S3State, e: S3ObjectEvent): void =>
  s3.bus.publish('s3:ObjectCreated', e)

export const publishRemoved = (s3: S3State, e: S3ObjectEvent): void =>
  s3.bus.publish('s3:ObjectRemoved', e)
