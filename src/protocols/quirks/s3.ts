/**
 * S3's departures from plain restXml: virtual-host addressing, the SDK-only `x-id` query literal,
 * GetBucketLocation's unwrapped output, `encoding-type=url` listings and S3's request-id headers.
 */
import { Readable } from 'node:stream'
import { AwsError } from '../../server/errors.js'
import { decoderFor, isAwsChunked } from '../../services/s3/aws-chunked.js'
import { invalidUri } from '../../services/s3/errors.js'
import type { RestQuirks } from '../http-bindings.js'
import type { OperationModel, ServiceModel } from '../model.js'
import type { EncodeContext, WireRequest, WireResponse } from '../protocol.js'
import { toIsoString } from '../timestamps.js'
import { bucketFromHost } from '../uri.js'
import { escapeXml, xmlDeclaration } from '../xml.js'

/** Virtual-hosted requests become path-style ones, so routing sees `/{Bucket}/{Key+}` either way. */
export const toPathStyle = (req: WireRequest): WireRequest => {
  const bucket = bucketFromHost(req.host)
  if (!bucket) return req
  const rest = req.path === '/' || req.path === '' ? '' : req.path
  return { ...req, path: `/${encodeURIComponent(bucket)}${rest}` }
}

/**
 * A path whose percent-escapes do not decode (`%zz`, or bytes that are not UTF-8) is S3's
 * InvalidURI, rather than a key stored with the escape as sent.
 */
const withDecodablePath = (req: WireRequest): WireRequest => {
  if (req.path.includes('%')) {
    try {
      decodeURIComponent(req.path)
    } catch {
      throw invalidUri()
    }
  }
  return req
}

/** `x-amz-id-2` is an opaque base64 token; deriving it from the request id keeps logs joinable. */
export const hostIdOf = (requestId: string): string =>
  Buffer.from(`millrace/${requestId}`).toString('base64')

// `encoding-type=url`: the members S3 URL-encodes in listings (botocore decodes them with unquote_plus).
const encodedMembers: Record<string, { top: string[]; lists: Record<string, string[]> }> = {
  ListObjects: {
    top: ['Delimiter', 'Marker', 'NextMarker', 'Prefix'],
    lists: { Contents: ['Key'], CommonPrefixes: ['Prefix'] },
  },
  ListObjectsV2: {
    top: ['Delimiter', 'Prefix', 'StartAfter'],
    lists: { Contents: ['Key'], CommonPrefixes: ['Prefix'] },
  },
  ListObjectVersions: {
    top: ['Delimiter', 'KeyMarker', 'NextKeyMarker', 'Prefix'],
    lists: { Versions: ['Key'], DeleteMarkers: ['Key'], CommonPrefixes: ['Prefix'] },
  },
  ListMultipartUploads: {
    top: ['Delimiter', 'KeyMarker', 'NextKeyMarker', 'Prefix'],
    lists: { Uploads: ['Key'], CommonPrefixes: ['Prefix'] },
  },
}

/** S3's URL encoding of keys in listings: form-style (space → '+'), '/' left readable. */
export const s3UrlEncode = (text: string): string =>
  encodeURIComponent(text).replace(/%20/g, '+').replace(/%2F/g, '/')

const encodeListing = (
  output: Record<string, unknown>,
  op: OperationModel,
): Record<string, unknown> => {
  const spec = encodedMembers[op.name]
  if (!spec || output.EncodingType !== 'url') return output
  const out: Record<string, unknown> = { ...output }
  for (const name of spec.top)
    if (typeof out[name] === 'string') out[name] = s3UrlEncode(out[name] as string)
  for (const [list, fields] of Object.entries(spec.lists)) {
    const items = out[list]
    if (!Array.isArray(items)) continue
    out[list] = items.map((item: unknown) => {
      if (!item || typeof item !== 'object') return item
      const copy: Record<string, unknown> = { ...item }
      for (const f of fields)
        if (typeof copy[f] === 'string') copy[f] = s3UrlEncode(copy[f] as string)
      return copy
    })
  }
  return out
}

const s3Headers = (ctx: EncodeContext): Record<string, string> => ({
  'x-amz-request-id': ctx.requestId,
  'x-amz-id-2': hostIdOf(ctx.requestId),
})

/**
 * GetBucketLocation carries `aws.customizations#s3UnwrappedXmlOutput`: the member's text is the
 * root element's content (`<LocationConstraint xmlns=...>eu-west-1</LocationConstraint>`), empty
 * for us-east-1.
 */
const unwrappedOutputs = new Set(['GetBucketLocation'])

const serializeUnwrapped = (
  output: Record<string, unknown>,
  op: OperationModel,
  ctx: EncodeContext,
): WireResponse | undefined => {
  if (!unwrappedOutputs.has(op.name)) return undefined
  const value = output.LocationConstraint
  const ns = ctx.service.xmlNamespace ? ` xmlns="${escapeXml(ctx.service.xmlNamespace)}"` : ''
  const inner = typeof value === 'string' ? escapeXml(value) : ''
  return {
    status: op.http?.code ?? 200,
    headers: { 'content-type': 'application/xml' },
    body: `${xmlDeclaration}\n<LocationConstraint${ns}>${inner}</LocationConstraint>`,
  }
}

/**
 * No operation matches: S3 answers 405 MethodNotAllowed naming the method and the resource type
 * (it ignores unknown query parameters, so only an unknown method/path pairing gets here).
 */
const methodNotAllowed = (req: WireRequest, _service: ServiceModel): AwsError => {
  const path = toPathStyle(req).path
  const parts = path.split('/').filter((p) => p !== '')
  const ResourceType = parts.length === 0 ? 'SERVICE' : parts.length === 1 ? 'BUCKET' : 'OBJECT'
  return new AwsError(
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    405,
    {
      Method: req.method.toUpperCase(),
      ResourceType,
    },
  )
}

const CONTENT_FIELDS = new Set([
  'Key',
  'LastModified',
  'ETag',
  'ChecksumAlgorithm',
  'ChecksumType',
  'Size',
  'StorageClass',
  'Owner',
])

const text = (name: string, v: unknown): string => {
  if (v === undefined || v === null) return ''
  // Numbers, booleans and ISO dates have nothing to escape.
  if (typeof v === 'number' || typeof v === 'boolean') return `<${name}>${v}</${name}>`
  if (v instanceof Date) return `<${name}>${toIsoString(v)}</${name}>`
  return `<${name}>${escapeXml(String(v))}</${name}>`
}

/** An ETag's text: its quotes escaped without a character walk over the digits between them. */
const quotedXml = (etag: string): string =>
  etag.length >= 2 && etag.charCodeAt(0) === 34 && etag.charCodeAt(etag.length - 1) === 34
    ? `&quot;${escapeXml(etag.slice(1, -1))}&quot;`
    : escapeXml(etag)

/**
 * Listings are the one large XML document on a hot path: written directly here (the same
 * document the model-driven writer produces, element for element) at a fraction of its cost.
 * Anything unusual in the output falls back to the generic writer.
 */
const serializeListing = (
  output: Record<string, unknown>,
  op: OperationModel,
  ctx: EncodeContext,
): WireResponse | undefined => {
  if (op.name !== 'ListObjectsV2' && op.name !== 'ListObjects') return undefined
  const contents = (output.Contents ?? []) as Array<Record<string, unknown>>
  for (const c of contents) for (const k in c) if (!CONTENT_FIELDS.has(k)) return undefined
  const ns = ctx.service.xmlNamespace ? ` xmlns="${escapeXml(ctx.service.xmlNamespace)}"` : ''
  let xml = `${xmlDeclaration}\n<ListBucketResult${ns}>${text('IsTruncated', output.IsTruncated)}`
  const isV2 = op.name === 'ListObjectsV2'
  if (!isV2) xml += text('Marker', output.Marker) + text('NextMarker', output.NextMarker)
  for (const c of contents) {
    // The members every entry has, written without text()'s type tests when they are the types
    // the model gives them (the usual case); anything else goes through text().
    xml +=
      typeof c.Key === 'string' &&
      c.LastModified instanceof Date &&
      typeof c.ETag === 'string' &&
      typeof c.Size === 'number'
        ? `<Contents><Key>${escapeXml(c.Key)}</Key><LastModified>${toIsoString(c.LastModified)}</LastModified><ETag>${quotedXml(c.ETag)}</ETag>`
        : `<Contents>${text('Key', c.Key)}${text('LastModified', c.LastModified)}${text('ETag', c.ETag)}`
    if (c.ChecksumAlgorithm !== undefined)
      for (const a of c.ChecksumAlgorithm as string[]) xml += text('ChecksumAlgorithm', a)
    if (c.ChecksumType !== undefined) xml += text('ChecksumType', c.ChecksumType)
    xml +=
      typeof c.Size === 'number' && c.StorageClass === 'STANDARD'
        ? `<Size>${c.Size}</Size><StorageClass>STANDARD</StorageClass>`
        : text('Size', c.Size) + text('StorageClass', c.StorageClass)
    const owner = c.Owner as Record<string, unknown> | undefined
    if (owner)
      xml += `<Owner>${text('DisplayName', owner.DisplayName)}${text('ID', owner.ID)}</Owner>`
    xml += '</Contents>'
  }
  xml +=
    text('Name', output.Name) + text('Prefix', output.Prefix) + text('Delimiter', output.Delimiter)
  xml += text('MaxKeys', output.MaxKeys)
  for (const p of (output.CommonPrefixes ?? []) as Array<{ Prefix?: string }>)
    xml += `<CommonPrefixes>${text('Prefix', p.Prefix)}</CommonPrefixes>`
  xml += text('EncodingType', output.EncodingType)
  if (isV2) {
    xml += text('KeyCount', output.KeyCount) + text('ContinuationToken', output.ContinuationToken)
    xml +=
      text('NextContinuationToken', output.NextContinuationToken) +
      text('StartAfter', output.StartAfter)
  }
  return {
    status: op.http?.code ?? 200,
    headers: { 'content-type': 'application/xml' },
    body: `${xml}</ListBucketResult>`,
  }
}

export const s3Quirks: RestQuirks = {
  rewriteRequest: (req) => toPathStyle(withDecodablePath(req)),
  router: { optionalQueryKeys: ['x-id'] },
  prepareOutput: encodeListing,
  serializeOutput: (output, op, ctx) =>
    serializeUnwrapped(output, op, ctx) ?? serializeListing(output, op, ctx),
  responseHeaders: s3Headers,
  unknownOperation: methodNotAllowed,
}

/**
 * aws-chunked request bodies (the SDKs' default for PutObject/UploadPart) are decoded as they
 * stream; the decoder carries the trailers (checksums) for the handler to verify.
 */
export const decodeS3Body = (req: WireRequest): WireRequest | undefined => {
  if (!req.body || !isAwsChunked(req.headers)) return undefined
  const decoder = decoderFor(req.headers)
  // Small bodies arrive already read (node.ts); the decoder streams either way.
  const source = Buffer.isBuffer(req.body) ? Readable.from([req.body]) : req.body
  source.on('error', (e) => decoder.destroy(e))
  // A framing or signature error may come before the handler starts consuming; the stream keeps
  // it (errored) for the consumer's pipeline, so no listener yet must not crash the process.
  decoder.on('error', () => {})
  source.pipe(decoder)
  return { ...req, body: decoder }
}

/** Ranged and part reads answer 206 Partial Content. */
export const s3Status = (
  output: Record<string, unknown>,
  op: OperationModel,
  status: number,
): number => (op.name === 'GetObject' && typeof output.ContentRange === 'string' ? 206 : status)
