import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetResourcesCommand,
  NotFoundException,
  PutIntegrationCommand,
} from '@aws-sdk/client-api-gateway'
import { model as apigateway } from '../gen/apigateway.js'
import { AwsError } from '../server/errors.js'
import { type Handle, inProcess } from '../testing/protocol-loopback.js'
import type { WireRequest } from './protocol.js'
import { restJson1 } from './rest-json.js'

const client = (handle: Handle) =>
  new APIGatewayClient({
    region: 'us-east-1',
    endpoint: 'http://localhost:1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    requestHandler: inProcess(restJson1, apigateway, handle),
  })

const wire = (method: string, path: string, body = '', rawQuery = ''): WireRequest => ({
  method,
  path,
  rawQuery,
  headers: { 'content-type': 'application/json' },
  host: 'localhost',
  body: Buffer.from(body),
})

const created = new Date('2025-01-01T00:00:00Z')

describe('restJson1 with the API Gateway SDK', () => {
  it('CreateRestApi: JSON body in, 201 and epoch-second timestamps out', async () => {
    const sdk = client((op, input) => {
      assert.equal(op.name, 'CreateRestApi')
      assert.deepEqual(input, {
        name: 'pipeline',
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: { team: 'data' },
      })
      return {
        id: 'a1b2c3',
        name: 'pipeline',
        createdDate: created,
        endpointConfiguration: { types: ['REGIONAL'] },
        rootResourceId: 'r00t',
        disableExecuteApiEndpoint: false,
      }
    })
    const out = await sdk.send(
      new CreateRestApiCommand({
        name: 'pipeline',
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: { team: 'data' },
      }),
    )
    assert.equal(out.$metadata.httpStatusCode, 201)
    assert.equal(out.id, 'a1b2c3')
    assert.deepEqual(out.createdDate, created)
    assert.deepEqual(out.endpointConfiguration, { types: ['REGIONAL'] })
    assert.equal(out.rootResourceId, 'r00t')
    const res = restJson1.serialize(
      { id: 'x', createdDate: created },
      apigateway.operations.CreateRestApi!,
      {
        requestId: 'r',
        service: apigateway,
      },
    )
    assert.equal(res.body, '{"id":"x","createdDate":1735689600}')
  })

  it('GetResources: labels and query in, jsonName `item` and position out', async () => {
    const sdk = client((op, input) => {
      assert.equal(op.name, 'GetResources')
      assert.deepEqual(input, { restApiId: 'a1b2c3', limit: 25, embed: ['methods'] })
      return {
        items: [
          { id: 'r00t', path: '/' },
          {
            id: 'res1',
            parentId: 'r00t',
            pathPart: 'api',
            path: '/api',
            resourceMethods: { POST: {} },
          },
        ],
        position: 'next',
      }
    })
    const out = await sdk.send(
      new GetResourcesCommand({ restApiId: 'a1b2c3', limit: 25, embed: ['methods'] }),
    )
    assert.equal(out.items?.length, 2)
    assert.equal(out.items?.[1]?.path, '/api')
    assert.deepEqual(out.items?.[1]?.resourceMethods, { POST: {} })
    assert.equal(out.position, 'next')
  })

  it('PutIntegration: several labels, maps and lists in the body', async () => {
    const sdk = client((op, input) => {
      assert.equal(op.name, 'PutIntegration')
      assert.equal(input.restApiId, 'a1')
      assert.equal(input.resourceId, 'res1')
      assert.equal(input.httpMethod, 'POST')
      assert.deepEqual(input.requestTemplates, { 'application/json': '{"StreamName":"s"}' })
      return { type: 'AWS', uri: input.uri, timeoutInMillis: 29000 }
    })
    const out = await sdk.send(
      new PutIntegrationCommand({
        restApiId: 'a1',
        resourceId: 'res1',
        httpMethod: 'POST',
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:kinesis:action/PutRecord',
        credentials: 'arn:aws:iam::000000000000:role/apigw',
        requestTemplates: { 'application/json': '{"StreamName":"s"}' },
      }),
    )
    assert.equal(out.uri, 'arn:aws:apigateway:us-east-1:kinesis:action/PutRecord')
    assert.equal(out.timeoutInMillis, 29000)
  })

  it('errors: NotFoundException with message and x-amzn-ErrorType', async () => {
    const sdk = client(() => {
      throw new AwsError(
        'NotFoundException',
        'Invalid API identifier specified 000000000000:nope',
        404,
      )
    })
    const err = await sdk
      .send(new GetResourcesCommand({ restApiId: 'nope' }))
      .catch((e: unknown) => e)
    assert.ok(err instanceof NotFoundException)
    assert.equal(err.message, 'Invalid API identifier specified 000000000000:nope')
    assert.equal(err.$metadata.httpStatusCode, 404)
    const res = restJson1.serializeError(new AwsError('NotFoundException', 'gone', 404), {
      requestId: 'r',
      service: apigateway,
    })
    assert.equal(res.headers['x-amzn-errortype'], 'NotFoundException')
    assert.equal(res.body, '{"message":"gone"}')
  })
})

describe('restJson1 decoding and routing', () => {
  it('routes by method and path', () => {
    const route = (method: string, path: string, query = '') =>
      restJson1.resolveOperation(wire(method, path, '', query), apigateway)?.name
    assert.equal(route('POST', '/restapis'), 'CreateRestApi')
    assert.equal(route('GET', '/restapis'), 'GetRestApis')
    assert.equal(route('GET', '/restapis/a1'), 'GetRestApi')
    assert.equal(route('GET', '/restapis/a1/resources'), 'GetResources')
    assert.equal(route('POST', '/restapis/a1/resources/r1'), 'CreateResource')
    assert.equal(
      route('PUT', '/restapis/a1/resources/r1/methods/POST/integration'),
      'PutIntegration',
    )
    assert.equal(route('POST', '/restapis/a1/deployments'), 'CreateDeployment')
    assert.equal(route('POST', '/apikeys', 'mode=import&format=csv'), 'ImportApiKeys')
    assert.equal(route('POST', '/apikeys'), 'CreateApiKey')
  })

  it('malformed JSON → SerializationException', async () => {
    const req = wire('POST', '/restapis', '{"name": ')
    const op = restJson1.resolveOperation(req, apigateway)!
    await assert.rejects(
      async () => restJson1.parse(req, op, apigateway),
      (e: unknown) => {
        assert.ok(e instanceof AwsError)
        assert.equal(e.code, 'SerializationException')
        assert.equal(e.status, 400)
        assert.equal(e.message, 'Unable to parse request body as JSON')
        return true
      },
    )
  })

  it('unknown route → 404 UnknownOperationException', () => {
    const req = wire('GET', '/nothing/here')
    assert.equal(restJson1.resolveOperation(req, apigateway), undefined)
    const err = restJson1.unknownOperation(req, apigateway)
    assert.equal(err.code, 'UnknownOperationException')
    assert.equal(err.status, 404)
  })
})
