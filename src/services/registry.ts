/**
 * The services Millrace serves handlers for. Each entry loads lazily, so a cold start pays only
 * for what the first requests touch. A service without an entry answers NotImplemented for every
 * operation its model has.
 */
import { model as kinesisModel } from '../gen/kinesis.js'
import type { ServiceModel } from '../protocols/model.js'
import type { WireRequest, WireResponse } from '../protocols/protocol.js'
import { LoadOnce } from '../server/load-once.js'
import * as iamService from './iam/index.js'
import * as kinesisService from './kinesis/index.js'
import type {
  Handler,
  ServiceHost,
  ServiceRuntime,
  ServiceState,
  UnmodeledHandler,
} from './types.js'

/** What a service module (src/services/<id>/index.ts) exports. */
export interface ServiceModule {
  // Handlers are typed per service against src/gen; the registry only needs them callable.
  // biome-ignore lint/suspicious/noExplicitAny: erased here, checked in each service's index.ts
  handlers: Record<string, Handler<any, any> | undefined>
  /** Opens the service's state once per process (stores, logs, background tasks). */
  open?: (host: ServiceHost) => Promise<ServiceState> | ServiceState
  /**
   * Adjusts every response of the service, errors included, after the protocol encoded it —
   * for behaviour that wraps operations rather than belonging to one (S3 CORS).
   */
  decorateResponse?: (
    services: ServiceRuntime,
    req: WireRequest,
    res: WireResponse,
  ) => Promise<WireResponse> | WireResponse
  /** The handler for a request no modeled operation matches, if the service serves it anyway. */
  unmodeled?: (req: WireRequest) => UnmodeledHandler | undefined
}

interface ServiceEntry {
  load: () => Promise<ServiceModule>
  /** Largest non-streaming request body accepted, in bytes. */
  maxBodyBytes?: number
  /** Open at start-up rather than on first request (services with background work). */
  startAtBoot?: boolean
  /**
   * The service's model, imported with the server rather than on first use, for services whose
   * clients call the moment the port answers (Kinesis producers): saves the first call a load.
   */
  model?: ServiceModel
}

const MiB = 1024 * 1024

export const SERVICES: Record<string, ServiceEntry> = {
  // Services opened at boot are imported statically: a dynamic import would only add a module
  // loader round trip to start-up (a few ms each on this machine's Node 20).
  kinesis: {
    load: async () => kinesisService,
    // PutRecords: 5 MiB of records, base64 in JSON; up to 10 MiB records after UpdateMaxRecordSize.
    maxBodyBytes: 16 * MiB,
    startAtBoot: true,
    model: kinesisModel,
  },
  iam: { load: async () => iamService, maxBodyBytes: 1 * MiB, startAtBoot: true },
  // S3 XML control bodies (DeleteObjects: 1,000 keys; CompleteMultipartUpload: 10,000 parts); object bodies stream.
  s3: { load: () => import('./s3/index.js'), maxBodyBytes: 4 * MiB },
  // STS keeps no state of its own (sessions live in IAM's store): nothing to open at boot.
  sts: { load: () => import('./sts/index.js'), maxBodyBytes: 1 * MiB },
}

/** Default body limit for services that set none (JSON control planes; S3 XML bodies). */
export const DEFAULT_MAX_BODY_BYTES = 16 * MiB

const modules = new LoadOnce<ServiceModule>((id) => SERVICES[id]!.load())

/** The service's module (loaded once), or undefined for services without handlers. */
export const loadService = (id: string): ServiceModule | Promise<ServiceModule> | undefined =>
  Object.hasOwn(SERVICES, id) ? modules.get(id) : undefined
