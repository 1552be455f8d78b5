/** Picks the Protocol for a request to a service: the model's protocol, or CBOR where sent. */
import { awsJson10, awsJson11 } from './aws-json.js'
import { awsQuery } from './aws-query.js'
import { cborProtocol, isCborContentType } from './cbor.js'
import type { ServiceModel } from './model.js'
import type { Protocol } from './protocol.js'
import { restJson1 } from './rest-json.js'
import { restXml } from './rest-xml.js'

const BY_NAME: Record<ServiceModel['protocol'], Protocol> = {
  awsJson1_0: awsJson10,
  awsJson1_1: awsJson11,
  restJson1,
  restXml,
  awsQuery,
}

export const protocolFor = (model: ServiceModel, headers: Record<string, string>): Protocol =>
  model.protocol === 'awsJson1_1' && isCborContentType(headers['content-type'])
    ? cborProtocol
    : BY_NAME[model.protocol]
