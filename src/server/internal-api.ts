/** Millrace's own endpoints under /_millrace/ (what AWS has no API for). */
import { services } from '../gen/index.js'
import { recentDenials } from '../iam/index.js'
import type { WireResponse } from '../protocols/protocol.js'
import { SERVICES } from '../services/registry.js'
import type { AppContext } from './app.js'
import { VERSION } from './version.js'

const json = (status: number, body: unknown, requestId: string): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
  body: JSON.stringify(body),
})

export const handleInternal = (
  app: AppContext,
  method: string,
  path: string,
  requestId: string,
): WireResponse => {
  if (path === '/_millrace/health' && (method === 'GET' || method === 'HEAD')) {
    return json(200, health(app), requestId)
  }
  if (path === '/_millrace/iam/denials' && method === 'GET') {
    return json(200, { mode: app.config.iam, denials: recentDenials(app) }, requestId)
  }
  return json(404, { message: `No internal endpoint ${method} ${path}` }, requestId)
}

const health = (app: AppContext) => ({
  status: app.isShuttingDown() ? 'stopping' : 'running',
  version: VERSION,
  region: app.config.region,
  accountId: app.config.accountId,
  uptimeSeconds: Math.round((app.now() - app.startedAt) / 1000),
  services: Object.fromEntries(
    services.map((s) => [
      s.id,
      { protocol: s.protocol, status: SERVICES[s.id] ? 'running' : 'not-implemented' },
    ]),
  ),
  tasks: app.scheduler.list().filter((t) => t.state === 'running' || t.state === 'queued').length,
})
