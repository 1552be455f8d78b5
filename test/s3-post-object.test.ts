// Browser-form POST uploads, signed by @aws-sdk/s3-presigned-post (what a web app's backend uses)
// and sent as a browser sends them: multipart/form-data through fetch.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post'
import { type Cloud, startCloud } from '../src/testing/cloud.js'
import { createVersionedBucket } from '../src/testing/s3.js'

const BUCKET = 'forms'
const md5 = (body: string) => createHash('md5').update(body).digest('hex')

/** A form as a browser builds it: the fields in order, then the file. */
const formOf = (fields: Record<string, string>, body: string, filename = 'photo.txt') => {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', new Blob([body], { type: 'text/plain' }), filename)
  return form
}

/** S3's XML error: code and message. */
const errorOf = async (res: Response) => {
  const text = await res.text()
  return {
    status: res.status,
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
    message: /<Message>([^<]*)<\/Message>/
      .exec(text)?.[1]
      ?.replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  }
}

describe('S3 POST uploads from browser forms', () => {
  let cloud: Cloud
  let s3: S3Client
  let bucketUrl: string
  const presign = (options: Partial<PresignedPostOptions> = {}, client = s3) =>
    createPresignedPost(client, { Bucket: BUCKET, Key: 'uploads/a.txt', ...options })
  const post = (form: FormData, url = bucketUrl, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body: form, headers, redirect: 'manual' })

  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
    bucketUrl = `${cloud.url}/${BUCKET}`
  })
  after(() => cloud.stop())

  it('stores the file under the key with the form metadata; 204 with the ETag by default', async () => {
    const { url, fields } = await presign({
      Key: 'uploads/a.txt',
      Conditions: [
        ['content-length-range', 1, 1024],
        ['starts-with', '$Content-Type', 'text/'],
      ],
      Fields: { 'Content-Type': 'text/plain', 'x-amz-meta-owner': 'ann' },
    })
    assert.equal(url, bucketUrl)
    const res = await post(formOf(fields, 'hello form'), url)
    assert.equal(res.status, 204)
    assert.equal(res.headers.get('etag'), `"${md5('hello form')}"`)
    assert.equal(res.headers.get('location'), `${bucketUrl}/uploads/a.txt`)
    assert.ok(res.headers.get('x-amz-request-id'))
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/a.txt' }))
    assert.equal(await got.Body?.transformToString(), 'hello form')
    assert.equal(got.ContentType, 'text/plain')
    assert.deepEqual(got.Metadata, { owner: 'ann' })
  })

  it('answers 201 with a PostResponse document, or 303 to success_action_redirect', async () => {
    const created = await presign({ Key: 'k201', Fields: { success_action_status: '201' } })
    const res = await post(formOf(created.fields, 'one'), created.url)
    assert.equal(res.status, 201)
    const xml = await res.text()
    assert.match(xml, /<PostResponse><Location>[^<]+\/forms\/k201<\/Location>/)
    assert.match(xml, /<Bucket>forms<\/Bucket><Key>k201<\/Key>/)
    assert.match(xml, new RegExp(`<ETag>&quot;${md5('one')}&quot;</ETag>`))

    const redirect = 'https://app.example/done?from=form'
    const redirecting = await presign({
      Key: 'k303',
      Fields: { success_action_redirect: redirect },
    })
    const moved = await post(formOf(redirecting.fields, 'two'), redirecting.url)
    assert.equal(moved.status, 303)
    const to = new URL(moved.headers.get('location')!)
    assert.equal(`${to.origin}${to.pathname}`, 'https://app.example/done')
    assert.deepEqual(Object.fromEntries(to.searchParams), {
      from: 'form',
      bucket: BUCKET,
      key: 'k303',
      etag: `"${md5('two')}"`,
    })
    const ok = await presign({ Key: 'k200', Fields: { success_action_status: '200' } })
    assert.equal((await post(formOf(ok.fields, 'three'), ok.url)).status, 200)
  })

  // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder
  it('puts the file name where the key says ${filename}; tags from the tagging field', async () => {
    const tagging =
      '<Tagging><TagSet><Tag><Key>team</Key><Value>a b</Value></Tag></TagSet></Tagging>'
    const { url, fields } = await presign({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder
      Key: 'user/${filename}',
      Conditions: [['starts-with', '$key', 'user/']],
      Fields: { tagging },
    })
    const res = await post(formOf(fields, 'named', 'résumé.txt'), url)
    assert.equal(res.status, 204)
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'user/résumé.txt' }))
    assert.equal(head.ContentLength, 5)
    const tags = await s3.send(
      new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'user/résumé.txt' }),
    )
    assert.deepEqual(tags.TagSet, [{ Key: 'team', Value: 'a b' }])
  })

  it('refuses what the policy does not allow, storing nothing', async () => {
    const expired = await presign({ Key: 'late', Expires: -10 })
    assert.deepEqual(await errorOf(await post(formOf(expired.fields, 'x'), expired.url)), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    })
    const prefixed = await presign({
      Key: 'uploads/ok',
      Conditions: [['starts-with', '$key', 'uploads/']],
    })
    assert.deepEqual(
      await errorOf(
        await post(formOf({ ...prefixed.fields, key: 'elsewhere' }, 'x'), prefixed.url),
      ),
      {
        status: 403,
        code: 'AccessDenied',
        message:
          'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]',
      },
    )
    const plain = await presign({ Key: 'extra' })
    assert.deepEqual(
      await errorOf(await post(formOf({ ...plain.fields, 'x-amz-meta-sneaky': '1' }, 'x'))),
      {
        status: 403,
        code: 'AccessDenied',
        message: 'Invalid according to Policy: Extra input fields: x-amz-meta-sneaky',
      },
    )
    const sized = await presign({ Key: 'sized', Conditions: [['content-length-range', 2, 4]] })
    const big = await errorOf(await post(formOf(sized.fields, 'too big')))
    assert.deepEqual([big.status, big.code], [400, 'EntityTooLarge'])
    const small = await errorOf(await post(formOf(sized.fields, 'x')))
    assert.deepEqual([small.status, small.code], [400, 'EntityTooSmall'])
    for (const Key of ['late', 'elsewhere', 'extra', 'sized'])
      await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })), {
        name: 'NotFound',
      })
  })

  it('verifies the signature of a known key over the policy', async () => {
    const iam = cloud.client(IAMClient)
    await iam.send(new CreateUserCommand({ UserName: 'uploader' }))
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'uploader' }))
    const credentials = {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    }
    const signedBy = cloud.client(S3Client, { credentials })
    const good = await presign({ Key: 'by-user' }, signedBy)
    // The form speaks for the user, whom IAM (enforced by default) has not allowed anything yet.
    assert.deepEqual(await errorOf(await post(formOf(good.fields, 'signed'), good.url)), {
      status: 403,
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${cloud.config.accountId}:user/uploader is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/by-user" because no identity-based policy allows the s3:PutObject action`,
    })
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'uploader',
        PolicyName: 'uploads',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
          ],
        }),
      }),
    )
    assert.equal((await post(formOf(good.fields, 'signed'), good.url)).status, 204)

    const wrong = cloud.client(S3Client, { credentials: { ...credentials, secretAccessKey: 'no' } })
    const forged = await presign({ Key: 'forged' }, wrong)
    assert.deepEqual(
      (await errorOf(await post(formOf(forged.fields, 'x'), forged.url))).code,
      'SignatureDoesNotMatch',
    )
    // A policy edited after signing (a longer expiry) no longer matches its signature.
    const doc = JSON.parse(Buffer.from(good.fields.Policy!, 'base64').toString())
    doc.expiration = '2099-01-01T00:00:00.000Z'
    const edited = { ...good.fields, Policy: Buffer.from(JSON.stringify(doc)).toString('base64') }
    const res = await errorOf(await post(formOf(edited, 'x'), good.url))
    assert.deepEqual([res.status, res.code], [403, 'SignatureDoesNotMatch'])
  })

  it('bad requests get S3 errors: no key, no file, not multipart, malformed, no bucket', async () => {
    const { fields } = await presign({ Key: 'nokey' })
    const { key: _omit, ...withoutKey } = fields
    assert.deepEqual(await errorOf(await post(formOf(withoutKey, 'x'))), {
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    })
    const noFile = new FormData()
    for (const [k, v] of Object.entries(fields)) noFile.append(k, v)
    assert.deepEqual(await errorOf(await post(noFile)), {
      status: 400,
      code: 'InvalidArgument',
      message: 'POST requires exactly one file upload per request.',
    })
    const postRaw = (body: string, type: string) =>
      fetch(bucketUrl, { method: 'POST', body, headers: { 'content-type': type } })
    assert.deepEqual(await errorOf(await postRaw('{}', 'application/json')), {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
    })
    const garbage = await postRaw(
      '--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--xyz\r\nbroken',
      'multipart/form-data; boundary=xyz',
    )
    assert.deepEqual(await errorOf(garbage), {
      status: 400,
      code: 'MalformedPOSTRequest',
      message: 'The body of your POST request is not well-formed multipart/form-data.',
    })
    const missing = await post(formOf(fields, 'x'), `${cloud.url}/no-such-bucket`)
    assert.deepEqual((await errorOf(missing)).code, 'NoSuchBucket')
    assert.deepEqual(
      await errorOf(await post(formOf({ ...fields, pad: 'x'.repeat(21 * 1024) }, 'x'))),
      {
        status: 400,
        code: 'MaxPostPreDataLengthExceeded',
        message: 'Your POST request fields preceding the upload file were too large.',
      },
    )
    // No policy, no signature: an anonymous upload, which IAM (enforced) refuses without a
    // bucket policy that allows it.
    assert.deepEqual(await errorOf(await post(formOf({ key: 'anon' }, 'x'))), {
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied',
    })
    // Signature Version 2 fields (an unknown key: the account root, in local mode) still need
    // a policy that parses.
    const v2 = await post(
      formOf({ key: 'k', AWSAccessKeyId: 'AKID', policy: 'e30=', signature: 'x' }, 'x'),
    )
    assert.deepEqual(await errorOf(v2), {
      status: 400,
      code: 'InvalidPolicyDocument',
      message: 'Invalid Policy: Policy missing expiration.',
    })
  })

  it('browser origins get the bucket CORS headers; versioned buckets name the version', async () => {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['https://app.example'], AllowedMethods: ['POST'] }],
        },
      }),
    )
    const { url, fields } = await presign({ Key: 'cors' })
    const res = await post(formOf(fields, 'c'), url, { origin: 'https://app.example' })
    assert.equal(res.status, 204)
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example')

    await createVersionedBucket(s3, 'forms-versioned')
    const versioned = await createPresignedPost(s3, { Bucket: 'forms-versioned', Key: 'v' })
    const put = await post(formOf(versioned.fields, 'v1'), versioned.url)
    assert.equal(put.status, 204)
    const version = put.headers.get('x-amz-version-id')
    assert.ok(version)
    const got = await s3.send(new HeadObjectCommand({ Bucket: 'forms-versioned', Key: 'v' }))
    assert.equal(got.VersionId, version)
  })
})
