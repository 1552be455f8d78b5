/**
 * Picks the Protocol for a request to a service: the model's protocol, or CBOR where sent.
 * Protocol modules load on first use (their XML and CBOR libraries cost tens of ms at start-up),
 * except awsJson: small, dependency-free, and the protocol of the services called first.
 */
import { LoadOnce } from '../server/load-once.js'
import { awsJson10, awsJson11 } from './aws-json.js'
import { isCborContentType } from './content-types.js'
import type { ServiceModel } from './model.js'
import type { Protocol } from './protocol.js'

type ProtocolKey = ServiceModel['protocol'] | 'cbor'

const LOADERS: Record<ProtocolKey, () => Promise<Protocol>> = {
  awsJson1_0: async () => awsJson10,
  awsJson1_1: async () => awsJson11,
  restJson1: () => import('./rest-json.js').then((m) => m.restJson1),
  restXml: () => import('./rest-xml.js').then((m) => m.restXml),
  awsQuery: () => import('./aws-query.js').then((m) => m.awsQuery),
  cbor: () => import('./cbor.js').then((m) => m.cborProtocol),
}

const protocols = new LoadOnce<Protocol>((key) => LOADERS[key as ProtocolKey]())

export const protocolFor = (
  model: ServiceModel,
  headers: Record<string, string>,
): Protocol | Promise<Protocol> =>
  protocols.get(
    model.protocol === 'awsJson1_1' && isCborContentType(headers['content-type'])
      ? 'cbor'
      : model.protocol,
  )
