/**
 * One ordered chain for every AWS API request:
 * requestId → route → read body → authenticate → parse → validate → authorize → invoke → serialize.
 * Protocols decide every wire form; this file only orders the steps.
 */
import { randomUUID } from 'node:crypto'
import { services } from '../gen/index.js'
import { authorizeRequest } from '../iam/index.js'
import { protocolFor } from '../protocols/index.js'
import type { OperationModel, ServiceModel } from '../protocols/model.js'
import type { EncodeContext, Protocol, WireRequest, WireResponse } from '../protocols/protocol.js'
import { validateInput, validationMessage } from '../protocols/validate.js'
import { DEFAULT_MAX_BODY_BYTES, loadService, SERVICES } from '../services/registry.js'
import type { Ctx } from '../services/types.js'
import type { AppContext } from './app.js'
import { type AuthOptions, anonymousPrincipal, authenticate, principalOfForm } from './auth.js'
import { readBody } from './body.js'
import { AwsError, internalFailure, isAwsError, notImplemented } from './errors.js'
import { handleInternal } from './internal-api.js'
import { LoadOnce } from './load-once.js'
import type { Exchange } from './node.js'
import type { Principal } from './principal.js'
import { routeRequest } from './router.js'

const models = new LoadOnce<ServiceModel>(async (id) => {
  const bundled = SERVICES[id]?.model
  if (bundled) return bundled
  const entry = services.find((s) => s.id === id)!
  return (await entry.load()).model
})

/** The validation error each protocol family uses for constraint violations. */
const VALIDATION_CODE: Record<ServiceModel['protocol'], string> = {
  awsJson1_0: 'ValidationException',
  awsJson1_1: 'ValidationException',
  restJson1: 'BadRequestException',
  restXml: 'InvalidArgument',
  awsQuery: 'ValidationError',
}

const AUTH_STYLE = {
  awsJson1_0: 'json',
  awsJson1_1: 'json',
  restJson1: 'restJson',
  restXml: 's3',
  awsQuery: 'query',
} as const

// A client sends the same Host on every request: remember the last one split.
let lastAuthority = ''
let lastHost = ''

const stripPort = (authority: string): string => {
  if (authority === lastAuthority) return lastHost
  let host: string
  if (authority.startsWith('[')) host = authority.slice(0, authority.indexOf(']') + 1)
  else {
    const colon = authority.lastIndexOf(':')
    host = colon === -1 ? authority : authority.slice(0, colon)
  }
  lastAuthority = authority
  lastHost = host
  return host
}

const hasStreamingInput = (op: OperationModel, model: ServiceModel): boolean => {
  if (!op.input) return false
  const input = model.shapes[op.input]
  if (input?.type !== 'structure') return false
  for (const name in input.members) {
    const m = input.members[name]!
    if (m.location === 'payload') {
      const target = model.shapes[m.target]
      return target?.type === 'blob' && target.streaming === true
    }
  }
  return false
}

export const createPipeline = (app: AppContext) => {
  const { config, log } = app

  // Built once per service, not per request.
  const authOptions = new Map<string, AuthOptions>()
  const authOptionsFor = (model: ServiceModel): AuthOptions => {
    let opts = authOptions.get(model.id)
    if (!opts) {
      opts = {
        mode: config.auth,
        account: config.accountId,
        credentials: app.credentials,
        errorStyle: AUTH_STYLE[model.protocol],
        now: app.now,
        uriEscapePath: model.id !== 's3',
      }
      authOptions.set(model.id, opts)
    }
    return opts
  }

  const contextFor = (principal: Principal, region: string, requestId: string): Ctx => ({
    account: principal.account,
    region,
    requestId,
    principal,
    config,
    log,
    bus: app.bus,
    scheduler: app.scheduler,
    now: app.now,
    services: app.services,
  })

  return async (ex: Exchange): Promise<WireResponse> => {
    const requestId = randomUUID()
    const url = ex.url
    const q = url.indexOf('?')
    const path = q === -1 ? url : url.slice(0, q)
    const rawQuery = q === -1 ? '' : url.slice(q + 1)
    if (path.startsWith('/_millrace/')) return handleInternal(app, ex.method, path, requestId)

    const req: WireRequest = {
      method: ex.method,
      path,
      rawQuery,
      headers: ex.headers,
      host: stripPort(ex.authority),
      body: ex.body,
    }
    let protocol: Protocol | undefined
    let op: OperationModel | undefined
    let encode: EncodeContext | undefined
    try {
      // awsQuery carries its Action in a small form body: read it before routing on it.
      if (
        !Buffer.isBuffer(req.body) &&
        (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ) {
        req.body = await readBody(req.body, DEFAULT_MAX_BODY_BYTES, req.headers['content-length'])
      }
      const route = routeRequest(req)
      if (route.kind === 'unknown-target') {
        throw new AwsError('UnknownOperationException', '', 400)
      }
      if (route.kind === 'execute-api') {
        throw new AwsError(
          'NotImplemented',
          'API Gateway invocation is not implemented by Millrace yet.',
          501,
        )
      }
      const modelOrPending = models.get(route.service.id)
      const model = modelOrPending instanceof Promise ? await modelOrPending : modelOrPending
      const protocolOrPending = protocolFor(model, req.headers)
      protocol = protocolOrPending instanceof Promise ? await protocolOrPending : protocolOrPending
      encode = { requestId, service: model, hostLabels: route.hostLabels }
      op = protocol.resolveOperation(req, model)
      if (!op) {
        const moduleOrPending = loadService(model.id)
        const module = moduleOrPending instanceof Promise ? await moduleOrPending : moduleOrPending
        const unmodeled = module?.unmodeled?.(req)
        if (!unmodeled) throw protocol.unknownOperation(req, model)
        const opening = app.services.ensure(model.id)
        if (opening instanceof Promise) await opening
        const authOptions = authOptionsFor(model)
        const anonymous = anonymousPrincipal(authOptions.account)
        const res = await unmodeled(req, contextFor(anonymous, config.region, requestId), {
          principalOfForm: (form) => principalOfForm(form, authOptions),
          authorize: (principal, operation, input, region) =>
            authorizeRequest(app, {
              service: model.id,
              operation,
              protocol: model.protocol,
              principal,
              input,
              region,
              method: req.method,
              path,
              sourceIp: ex.remoteAddress,
              isSecure: ex.isSecure,
            }),
        })
        return module?.decorateResponse ? module.decorateResponse(app.services, req, res) : res
      }

      const limit = SERVICES[model.id]?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
      if (!Buffer.isBuffer(req.body) && !hasStreamingInput(op, model)) {
        req.body = await readBody(req.body, limit, req.headers['content-length'])
      }
      const authOrPending = authenticate(
        req,
        authOptionsFor(model),
        ex.authority,
        route.hostLabels?.Bucket,
      )
      const { principal, region } =
        authOrPending instanceof Promise ? await authOrPending : authOrPending
      const inputOrPending = protocol.parse(req, op, model)
      const input = inputOrPending instanceof Promise ? await inputOrPending : inputOrPending
      const violations = validateInput(input, op, model)
      if (violations.length > 0) {
        throw new AwsError(VALIDATION_CODE[model.protocol], validationMessage(violations), 400)
      }
      // Authorization (IAM): decided before the handler runs, so a denied call never reaches it.
      // Synchronous once warm: only await when it returned a promise.
      const authorizing = authorizeRequest(app, {
        service: model.id,
        operation: op.name,
        protocol: model.protocol,
        principal,
        input: input as Record<string, unknown>,
        region: region ?? config.region,
        method: req.method,
        path,
        sourceIp: ex.remoteAddress,
        isSecure: ex.isSecure,
      })
      if (authorizing) await authorizing
      const serviceOrPending = loadService(model.id)
      const service =
        serviceOrPending instanceof Promise ? await serviceOrPending : serviceOrPending
      const handler = service?.handlers[op.name]
      if (!handler) throw notImplemented(model.id, op.name)
      const opening = app.services.ensure(model.id)
      if (opening instanceof Promise) await opening
      const result = handler(input, contextFor(principal, region ?? config.region, requestId))
      const output = (result instanceof Promise ? await result : result) ?? {}
      const res = protocol.serialize(output as Record<string, unknown>, op, encode)
      return service?.decorateResponse ? service.decorateResponse(app.services, req, res) : res
    } catch (e) {
      const err = isAwsError(e) ? e : unexpected(e, requestId, log)
      if (protocol && encode) {
        return decorate(app, req, protocol.serializeError(err, encode, op), encode.service.id)
      }
      return plainError(err, requestId)
    }
  }
}

/** A service may adjust all its responses (S3 applies CORS rules), errors included. */
const decorate = async (
  app: AppContext,
  req: WireRequest,
  res: WireResponse,
  serviceId: string,
): Promise<WireResponse> => {
  const module = await loadService(serviceId)
  return module?.decorateResponse ? module.decorateResponse(app.services, req, res) : res
}

const unexpected = (e: unknown, requestId: string, log: AppContext['log']): AwsError => {
  log.error({ err: e, requestId }, 'request failed unexpectedly')
  return internalFailure()
}

/** Errors before a service (and so a protocol) is known take the awsJson form, as AWS's front door. */
const plainError = (err: AwsError, requestId: string): WireResponse => ({
  status: err.status,
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': err.code,
    ...err.headers,
  },
  body: JSON.stringify(
    err.message ? { __type: err.code, message: err.message } : { __type: err.code },
  ),
})
