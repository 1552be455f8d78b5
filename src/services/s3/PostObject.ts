// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
// Browser-form uploads: POST /{Bucket} with multipart/form-data, credentials and a policy in
// the form. Not in S3's Smithy model, so it is served as the service's unmodeled route.
// Not supported: `x-amz-website-redirect-location`.
import { Readable, Transform } from 'node:stream'
import busboy from 'busboy'
import type { PutObjectRequest, Tagging } from '../../gen/s3.js'
import { model } from '../../gen/s3.js'
import type { WireRequest, WireResponse } from '../../protocols/protocol.js'
import { hostIdOf, toPathStyle } from '../../protocols/quirks/s3.js'
import { xmlCodec } from '../../protocols/rest-xml.js'
import { decodeUriOrKeep } from '../../protocols/uri.js'
import { escapeXml, xmlDeclaration } from '../../protocols/xml.js'
import type { SignedForm } from '../../server/auth.js'
import { AwsError, isAwsError } from '../../server/errors.js'
import type { Ctx, RequestAuth, UnmodeledHandler } from '../types.js'
import { entityTooLarge, invalidArgument, preconditionFailed } from './errors.js'
import { bucketFor } from './names.js'
import { PutObject } from './PutObject.js'
import { checkPolicy, type SizeRange } from './post-policy.js'

/** S3's limit on the form fields before the file (MaxPostPreDataLengthExceeded). */
const MAX_PRE_DATA_BYTES = 20 * 1024

const malformedPost = (): AwsError =>
  new AwsError(
    'MalformedPOSTRequest',
    'The body of your POST request is not well-formed multipart/form-data.',
    400,
  )

const missingField = (name: string): AwsError =>
  invalidArgument(
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    name,
    '',
  )

interface Form {
  /** Fields before the file, names lower-cased (S3 matches them case-insensitively). */
  fields: Map<string, string>
  file: Readable
  filename: string
}

/** Reads the form up to its file part; the file streams on from there (fields after it are ignored). */
const readForm = (req: WireRequest): Promise<Form> =>
  new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        defParamCharset: 'utf8',
        limits: { fieldSize: MAX_PRE_DATA_BYTES, files: 1 },
      })
    } catch {
      return reject(malformedPost())
    }
    const fields = new Map<string, string>()
    let preData = 0
    let settled = false
    const fail = (e: AwsError): void => {
      if (settled) return
      settled = true
      reject(e)
    }
    parser.on('field', (name, value, info) => {
      if (settled) return
      preData += Buffer.byteLength(name) + Buffer.byteLength(value)
      if (info.valueTruncated || preData > MAX_PRE_DATA_BYTES) {
        fail(
          new AwsError(
            'MaxPostPreDataLengthExceeded',
            'Your POST request fields preceding the upload file were too large.',
            400,
          ),
        )
        return
      }
      fields.set(name.toLowerCase(), value)
    })
    parser.on('file', (name, stream, info) => {
      if (settled || name.toLowerCase() !== 'file') {
        stream.resume()
        return
      }
      settled = true
      resolve({ fields, file: stream, filename: info.filename ?? '' })
    })
    parser.on('error', () => fail(malformedPost()))
    parser.on('close', () =>
      fail(invalidArgument('POST requires exactly one file upload per request.', 'file', '0')),
    )
    const body = Buffer.isBuffer(req.body) ? Readable.from([req.body]) : req.body
    if (!body) return fail(malformedPost())
    body.on('error', () => fail(malformedPost()))
    body.pipe(parser)
  })

/**
 * The signed credentials a form carries: Signature Version 2 (`AWSAccessKeyId`, `signature`, what
 * Debian's boto3 sends by default) or 4 (`x-amz-algorithm`, `x-amz-credential`, `x-amz-date`,
 * `x-amz-signature`). The host verifies the signature over the policy.
 */
const signedFormOf = (fields: Map<string, string>, policy: string): SignedForm => {
  const sessionToken = fields.get('x-amz-security-token')
  const token = sessionToken === undefined ? {} : { sessionToken }
  const v2Key = fields.get('awsaccesskeyid')
  if (v2Key !== undefined) {
    const signature = fields.get('signature')
    if (signature === undefined) throw missingField('signature')
    return { version: 2, accessKeyId: v2Key, signature, policy, ...token }
  }
  for (const name of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature'])
    if (!fields.has(name)) throw missingField(name)
  const algorithm = fields.get('x-amz-algorithm')!
  if (algorithm !== 'AWS4-HMAC-SHA256')
    throw invalidArgument(`Invalid algorithm: ${algorithm}`, 'x-amz-algorithm', algorithm)
  const credential = fields.get('x-amz-credential')!
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts[3] !== 's3')
    throw invalidArgument(`Invalid credential: ${credential}`, 'x-amz-credential', credential)
  const [accessKeyId, ...scope] = parts as [string, ...string[]]
  const signature = fields.get('x-amz-signature')!
  return { version: 4, accessKeyId, scope: scope.join('/'), signature, policy, ...token }
}

/** The file's bytes, failing the upload once they leave the policy's content-length-range. */
const withinRange = (file: Readable, range: SizeRange): Readable => {
  let size = 0
  const tooSmall = (): AwsError =>
    new AwsError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
      400,
      { ProposedSize: size, MinSizeAllowed: range.min },
    )
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > range.max) done(entityTooLarge(size, range.max))
      else done(null, chunk)
    },
    flush(done) {
      done(size < range.min ? tooSmall() : null)
    },
  })
  // A body that stops being multipart mid-file is the client's malformed request, not ours.
  file.on('error', (e) => counted.destroy(isAwsError(e) ? e : malformedPost()))
  return file.pipe(counted)
}

/** The form's `tagging` field: a Tagging XML document, as PutObject's `k=v&...` header form. */
const taggingOf = (xml: string | undefined): string | undefined => {
  if (xml === undefined) return undefined
  const doc = xmlCodec.readDocument(Buffer.from(xml), 'Tagging', model) as Tagging
  return (doc.TagSet ?? [])
    .map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`)
    .join('&')
}

/** The PutObject a form describes: its fields mapped to the request members they name. */
const putInput = (bucket: string, key: string, f: Map<string, string>, body: Readable) => {
  const metadata: Record<string, string> = {}
  for (const [name, value] of f)
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value
  const expires = f.get('expires')
  const tagging = taggingOf(f.get('tagging'))
  const input: PutObjectRequest = {
    Bucket: bucket,
    Key: key,
    Body: body as unknown as PutObjectRequest['Body'],
    ContentType: f.get('content-type') ?? 'binary/octet-stream',
    ...(Object.keys(metadata).length ? { Metadata: metadata } : {}),
    ...(tagging ? { Tagging: tagging } : {}),
  }
  const plain: Array<[string, keyof PutObjectRequest]> = [
    ['cache-control', 'CacheControl'],
    ['content-disposition', 'ContentDisposition'],
    ['content-encoding', 'ContentEncoding'],
    ['content-language', 'ContentLanguage'],
    ['x-amz-storage-class', 'StorageClass'],
    ['x-amz-checksum-algorithm', 'ChecksumAlgorithm'],
    ['x-amz-checksum-crc32', 'ChecksumCRC32'],
    ['x-amz-checksum-crc32c', 'ChecksumCRC32C'],
    ['x-amz-checksum-crc64nvme', 'ChecksumCRC64NVME'],
    ['x-amz-checksum-sha1', 'ChecksumSHA1'],
    ['x-amz-checksum-sha256', 'ChecksumSHA256'],
  ]
  const record = input as unknown as Record<string, unknown>
  for (const [field, member] of plain) {
    const v = f.get(field)
    if (v !== undefined) record[member] = v
  }
  if (expires !== undefined) input.Expires = new Date(expires)
  return input
}

const postObject = async (
  req: WireRequest,
  bucketName: string,
  anonymous: Ctx,
  auth: RequestAuth,
): Promise<WireResponse> => {
  const type = req.headers['content-type'] ?? ''
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    if (req.body && !Buffer.isBuffer(req.body)) req.body.resume()
    throw preconditionFailed('Bucket POST must be of the enclosure-type multipart/form-data')
  }
  bucketFor(anonymous, bucketName)
  const { fields, file, filename } = await readForm(req)
  try {
    const keyField = fields.get('key')
    if (keyField === undefined) throw missingField('key')
    const policy = fields.get('policy')
    const signed = policy !== undefined || fields.has('x-amz-signature') || fields.has('signature')
    if (signed && policy === undefined) throw missingField('policy')
    const principal = signed
      ? auth.principalOfForm(signedFormOf(fields, policy!))
      : anonymous.principal
    const range =
      policy === undefined
        ? { min: 0, max: Number.MAX_SAFE_INTEGER }
        : checkPolicy(policy, new Map([...fields, ['bucket', bucketName]]), anonymous.now())
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder
    const key = keyField.replaceAll('${filename}', filename)
    const region = fields.get('x-amz-credential')?.split('/')[2] ?? anonymous.region
    const ctx: Ctx = { ...anonymous, principal, account: principal.account, region }
    const authorizing = auth.authorize(
      principal,
      'PutObject',
      { Bucket: bucketName, Key: key },
      region,
    )
    if (authorizing) await authorizing
    const out = await PutObject(putInput(bucketName, key, fields, withinRange(file, range)), ctx)
    return answer(req, fields, bucketName, key, out.ETag!, out.VersionId, anonymous.requestId)
  } catch (e) {
    file.resume()
    throw e
  }
}

/** S3's answer: a redirect, or 200/201/204 as `success_action_status` asks (204 by default). */
const answer = (
  req: WireRequest,
  fields: Map<string, string>,
  bucket: string,
  key: string,
  etag: string,
  versionId: string | undefined,
  requestId: string,
): WireResponse => {
  const scheme = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'
  const location = `${scheme}://${req.headers.host ?? req.host}/${encodeURIComponent(bucket)}/${key
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`
  const headers: Record<string, string> = {
    etag,
    location,
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostIdOf(requestId),
    ...(versionId ? { 'x-amz-version-id': versionId } : {}),
  }
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect')
  if (redirect !== undefined && URL.canParse(redirect)) {
    const target = new URL(redirect)
    target.searchParams.set('bucket', bucket)
    target.searchParams.set('key', key)
    target.searchParams.set('etag', etag)
    return { status: 303, headers: { ...headers, location: target.toString() }, body: '' }
  }
  const status = fields.get('success_action_status')
  if (status === '201')
    return {
      status: 201,
      headers: { ...headers, 'content-type': 'application/xml' },
      body:
        `${xmlDeclaration}\n<PostResponse><Location>${escapeXml(location)}</Location>` +
        `<Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key>` +
        `<ETag>${escapeXml(etag)}</ETag></PostResponse>`,
    }
  return { status: status === '200' ? 200 : 204, headers, body: '' }
}

/** POST /{Bucket}: the one S3 request outside the model that Millrace serves. */
export const postObjectRoute = (req: WireRequest): UnmodeledHandler | undefined => {
  if (req.method.toUpperCase() !== 'POST') return undefined
  const segments = toPathStyle(req)
    .path.split('/')
    .filter((s) => s !== '')
  if (segments.length !== 1) return undefined
  const bucket = decodeUriOrKeep(segments[0]!)
  return (r, ctx, auth) => postObject(r, bucket, ctx, auth)
}
