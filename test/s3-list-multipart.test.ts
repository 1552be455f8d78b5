import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Crc64Nvme } from '@aws-sdk/checksums/crc'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { rejectsWithAwsError as rejects } from '../src/testing/assert-aws.js'
import { type Cloud, startCloud } from '../src/testing/cloud.js'

const MiB = 1024 * 1024

describe('S3 listings, multipart uploads and presigned URLs', () => {
  let cloud: Cloud
  let s3: S3Client
  before(async () => {
    cloud = await startCloud()
    s3 = cloud.client(S3Client)
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'mpu' }))
    const keys = [
      'a.txt',
      'data/raw/2024/01/x.json',
      'data/raw/2024/02/y.json',
      'data/ref/t.json',
      'z',
      'é',
      'data/raw/2024/01/w.json',
      'sp ace+plus',
    ]
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'lake', Key, Body: Key }))
  })
  after(() => cloud.stop())

  it('lists all keys in UTF-8 binary order', async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'lake' }))
    assert.deepEqual(
      r.Contents?.map((c) => c.Key),
      [
        'a.txt',
        'data/raw/2024/01/w.json',
        'data/raw/2024/01/x.json',
        'data/raw/2024/02/y.json',
        'data/ref/t.json',
        'sp ace+plus',
        'z',
        'é',
      ],
    )
    assert.equal(r.KeyCount, 8)
    assert.equal(r.IsTruncated, false)
  })

  it('folds common prefixes with a delimiter', async () => {
    const r = await s3.send(
      new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'data/', Delimiter: '/' }),
    )
    assert.deepEqual(
      r.CommonPrefixes?.map((p) => p.Prefix),
      ['data/raw/', 'data/ref/'],
    )
    assert.equal(r.Contents, undefined)
    const deeper = await s3.send(
      new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'data/raw/2024/', Delimiter: '/' }),
    )
    assert.deepEqual(
      deeper.CommonPrefixes?.map((p) => p.Prefix),
      ['data/raw/2024/01/', 'data/raw/2024/02/'],
    )
  })

  it('pages with continuation tokens, StartAfter and max-keys across common prefixes', async () => {
    const seen: string[] = []
    let token: string | undefined
    do {
      const r = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'lake',
          Delimiter: '/',
          MaxKeys: 1,
          ContinuationToken: token,
        }),
      )
      seen.push(
        ...(r.Contents ?? []).map((c) => c.Key!),
        ...(r.CommonPrefixes ?? []).map((p) => p.Prefix!),
      )
      token = r.NextContinuationToken
      assert.equal(r.KeyCount, 1)
    } while (token)
    assert.deepEqual(seen, ['a.txt', 'data/', 'sp ace+plus', 'z', 'é'])
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: 'lake', StartAfter: 'data/ref/t.json' }),
    )
    assert.deepEqual(
      after.Contents?.map((c) => c.Key),
      ['sp ace+plus', 'z', 'é'],
    )
    const none = await s3.send(new ListObjectsV2Command({ Bucket: 'lake', MaxKeys: 0 }))
    assert.equal(none.KeyCount, 0)
    assert.equal(none.IsTruncated, false)
  })

  it('url-encodes keys with encoding-type=url and fetches owners', async () => {
    const r = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'lake',
        Prefix: 'sp',
        EncodingType: 'url',
        FetchOwner: true,
      }),
    )
    // The SDK does not decode; S3 sends form encoding (space → '+').
    assert.deepEqual(
      r.Contents?.map((c) => c.Key),
      ['sp+ace%2Bplus'],
    )
    assert.ok(r.Contents?.[0]?.Owner?.ID)
  })

  it('ListObjects v1: marker, NextMarker only with a delimiter', async () => {
    const r = await s3.send(new ListObjectsCommand({ Bucket: 'lake', MaxKeys: 2 }))
    assert.deepEqual(
      r.Contents?.map((c) => c.Key),
      ['a.txt', 'data/raw/2024/01/w.json'],
    )
    assert.equal(r.IsTruncated, true)
    assert.equal(r.NextMarker, undefined)
    const next = await s3.send(
      new ListObjectsCommand({ Bucket: 'lake', Marker: 'data/raw/2024/01/w.json', MaxKeys: 2 }),
    )
    assert.deepEqual(
      next.Contents?.map((c) => c.Key),
      ['data/raw/2024/01/x.json', 'data/raw/2024/02/y.json'],
    )
    const d = await s3.send(new ListObjectsCommand({ Bucket: 'lake', Delimiter: '/', MaxKeys: 2 }))
    assert.deepEqual(
      d.CommonPrefixes?.map((p) => p.Prefix),
      ['data/'],
    )
    assert.equal(d.NextMarker, 'data/')
    const d2 = await s3.send(
      new ListObjectsCommand({ Bucket: 'lake', Delimiter: '/', Marker: 'data/' }),
    )
    assert.deepEqual(
      d2.Contents?.map((c) => c.Key),
      ['sp ace+plus', 'z', 'é'],
    )
  })

  it('uploads 50 MiB with lib-storage Upload (default checksums) and reads it back', async () => {
    const body = Buffer.alloc(50 * MiB)
    for (let i = 0; i < body.length; i += 4096) body.writeUInt32BE(i, i)
    const up = new Upload({
      client: s3,
      params: { Bucket: 'mpu', Key: 'big.bin', Body: body },
      partSize: 8 * MiB,
      queueSize: 2,
    })
    const res = await up.done()
    assert.match(res.ETag ?? '', /^"[0-9a-f]{32}-7"$/)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'big.bin' }))
    assert.equal(head.ContentLength, 50 * MiB)
    assert.equal(head.PartsCount, 7)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'big.bin' }))
    const back = Buffer.from(await got.Body!.transformToByteArray())
    assert.equal(
      createHash('sha256').update(back).digest('hex'),
      createHash('sha256').update(body).digest('hex'),
    )
    const part2 = await s3.send(
      new GetObjectCommand({ Bucket: 'mpu', Key: 'big.bin', PartNumber: 2 }),
    )
    assert.equal(part2.ContentRange, `bytes ${8 * MiB}-${16 * MiB - 1}/${50 * MiB}`)
    const cross = await s3.send(
      new GetObjectCommand({
        Bucket: 'mpu',
        Key: 'big.bin',
        Range: `bytes=${8 * MiB - 2}-${8 * MiB + 1}`,
      }),
    )
    assert.deepEqual(
      Buffer.from(await cross.Body!.transformToByteArray()),
      body.subarray(8 * MiB - 2, 8 * MiB + 2),
    )
  })

  it('checks part order, sizes and ETags; lists and aborts uploads', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'parts' }),
    )
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: 'mpu',
        Key: 'parts',
        UploadId,
        PartNumber: 1,
        Body: 'small',
      }),
    )
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket: 'mpu', Key: 'parts', UploadId, PartNumber: 2, Body: 'tail' }),
    )
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'parts', UploadId }))
    assert.deepEqual(
      listed.Parts?.map((p) => [p.PartNumber, p.Size]),
      [
        [1, 5],
        [2, 4],
      ],
    )
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }))
    assert.deepEqual(
      uploads.Uploads?.map((u) => u.UploadId),
      [UploadId],
    )
    await rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'parts',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: p2.ETag },
              { PartNumber: 1, ETag: p1.ETag },
            ],
          },
        }),
      ),
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      400,
    )
    await rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'parts',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] },
        }),
      ),
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
    )
    await rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'parts',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      ),
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
      400,
    )
    // A lone small part is fine: only non-last parts must be 5 MiB.
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'mpu',
        Key: 'parts',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] },
      }),
    )
    const md5 = createHash('md5')
      .update(Buffer.from(p1.ETag!.replace(/"/g, ''), 'hex'))
      .digest('hex')
    assert.equal(done.ETag, `"${md5}-1"`)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'parts' }))
    assert.equal(await got.Body?.transformToString(), 'small')

    const again = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'aborted' }))
    await s3.send(
      new UploadPartCommand({
        Bucket: 'mpu',
        Key: 'aborted',
        UploadId: again.UploadId,
        PartNumber: 1,
        Body: 'x',
      }),
    )
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'aborted', UploadId: again.UploadId }),
    )
    await rejects(
      s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'aborted', UploadId: again.UploadId })),
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
    )
  })

  it('keeps the upload when a conditional complete fails', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'taken', Body: 'already here' }))
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'taken' }),
    )
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: 'mpu',
        Key: 'taken',
        UploadId,
        PartNumber: 1,
        Body: 'new body',
      }),
    )
    const complete = () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'taken',
          UploadId,
          IfNoneMatch: '*',
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] },
        }),
      )
    await rejects(
      complete(),
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
    )
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'taken', UploadId }))
    assert.equal(parts.Parts?.length, 1)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'taken' }))
    assert.equal(await got.Body?.transformToString(), 'already here')
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'taken', UploadId }))
  })

  it('pages ListMultipartUploads with key and upload-id markers', async () => {
    const ids: string[] = []
    for (const Key of ['u/a', 'u/a', 'u/b']) {
      const r = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key }))
      ids.push(r.UploadId!)
    }
    const seen: string[] = []
    let KeyMarker: string | undefined
    let UploadIdMarker: string | undefined
    for (;;) {
      const page = await s3.send(
        new ListMultipartUploadsCommand({
          Bucket: 'mpu',
          Prefix: 'u/',
          MaxUploads: 1,
          KeyMarker,
          UploadIdMarker,
        }),
      )
      seen.push(...(page.Uploads ?? []).map((u) => u.UploadId!))
      if (!page.IsTruncated) break
      KeyMarker = page.NextKeyMarker
      UploadIdMarker = page.NextUploadIdMarker
    }
    assert.deepEqual(seen, ids)
    const afterA = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'mpu', Prefix: 'u/', KeyMarker: 'u/a' }),
    )
    assert.deepEqual(
      afterA.Uploads?.map((u) => u.Key),
      ['u/b'],
    )
    for (const [i, Key] of ['u/a', 'u/a', 'u/b'].entries())
      await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key, UploadId: ids[i] }))
  })

  it('rolls ListMultipartUploads up by Delimiter into CommonPrefixes, paged', async () => {
    const made: Array<{ Key: string; UploadId: string }> = []
    for (const Key of ['d/a/1', 'd/a/2', 'd/b', 'd/c/1', 'd/c/2/x', 'd/e']) {
      const r = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key }))
      made.push({ Key, UploadId: r.UploadId! })
    }
    const all = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'mpu', Prefix: 'd/', Delimiter: '/' }),
    )
    assert.equal(all.Delimiter, '/')
    assert.equal(all.IsTruncated, false)
    assert.deepEqual(
      all.Uploads?.map((u) => u.Key),
      ['d/b', 'd/e'],
    )
    assert.deepEqual(
      all.CommonPrefixes?.map((c) => c.Prefix),
      ['d/a/', 'd/c/'],
    )
    // One entry a page: a common prefix counts as one, and the next page starts past it.
    const seen: string[] = []
    let KeyMarker: string | undefined
    let UploadIdMarker: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await s3.send(
        new ListMultipartUploadsCommand({
          Bucket: 'mpu',
          Prefix: 'd/',
          Delimiter: '/',
          MaxUploads: 1,
          KeyMarker,
          UploadIdMarker,
        }),
      )
      seen.push(
        ...(page.CommonPrefixes ?? []).map((c) => `prefix ${c.Prefix}`),
        ...(page.Uploads ?? []).map((u) => `upload ${u.Key}`),
      )
      if (!page.IsTruncated) break
      KeyMarker = page.NextKeyMarker
      UploadIdMarker = page.NextUploadIdMarker
    }
    assert.deepEqual(seen, ['prefix d/a/', 'upload d/b', 'prefix d/c/', 'upload d/e'])
    // Without a delimiter the same uploads list flat.
    const flat = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu', Prefix: 'd/' }))
    assert.deepEqual(
      flat.Uploads?.map((u) => u.Key),
      made.map((m) => m.Key),
    )
    for (const m of made) await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', ...m }))
  })

  it("completes FULL_OBJECT CRC64NVME uploads with the whole body's checksum, validated by the SDK on GET", async () => {
    const part1 = Buffer.alloc(5 * MiB, 1)
    const part2 = Buffer.from('tail of the object')
    const { UploadId, ChecksumType } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: 'mpu',
        Key: 'full',
        ChecksumAlgorithm: 'CRC64NVME',
        ChecksumType: 'FULL_OBJECT',
      }),
    )
    assert.equal(ChecksumType, 'FULL_OBJECT')
    const parts = []
    for (const [i, Body] of [part1, part2].entries()) {
      const r = await s3.send(
        new UploadPartCommand({
          Bucket: 'mpu',
          Key: 'full',
          UploadId,
          PartNumber: i + 1,
          Body,
          ChecksumAlgorithm: 'CRC64NVME',
        }),
      )
      parts.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumCRC64NVME: r.ChecksumCRC64NVME })
    }
    const crc = new Crc64Nvme()
    crc.update(part1)
    crc.update(part2)
    const whole = Buffer.from(await crc.digest()).toString('base64')
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'mpu',
        Key: 'full',
        UploadId,
        MultipartUpload: { Parts: parts },
        ChecksumCRC64NVME: whole,
        ChecksumType: 'FULL_OBJECT',
      }),
    )
    assert.equal(done.ChecksumCRC64NVME, whole)
    assert.equal(done.ChecksumType, 'FULL_OBJECT')
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'mpu', Key: 'full', ChecksumMode: 'ENABLED' }),
    )
    assert.equal(got.ChecksumCRC64NVME, whole)
    assert.equal((await got.Body!.transformToByteArray()).length, part1.length + part2.length)
  })

  it('copies a source range into a part (UploadPartCopy)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'src', Body: '0123456789' }))
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'copied' }),
    )
    const part = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'mpu',
        Key: 'copied',
        UploadId,
        PartNumber: 1,
        CopySource: 'mpu/src',
        CopySourceRange: 'bytes=3-6',
      }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'mpu',
        Key: 'copied',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] },
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'copied' }))
    assert.equal(await got.Body?.transformToString(), '3456')
  })

  it('serves presigned GET and PUT URLs and enforces expiry', async () => {
    const putUrl = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'lake', Key: 'presigned.txt' }),
      { expiresIn: 60 },
    )
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned put' })
    assert.equal(put.status, 200)
    const getUrl = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'lake', Key: 'presigned.txt' }),
      { expiresIn: 60 },
    )
    const get = await fetch(getUrl)
    assert.equal(get.status, 200)
    assert.equal(await get.text(), 'via presigned put')
    const old = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'lake', Key: 'presigned.txt' }),
      {
        expiresIn: 1,
        signingDate: new Date(Date.now() - 60_000),
      },
    )
    const expired = await fetch(old)
    assert.equal(expired.status, 403)
    assert.match(
      await expired.text(),
      /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/,
    )
  })

  it('leaves no temp files behind', async () => {
    assert.deepEqual(await readdir(join(cloud.dataDir, 'tmp')), [])
  })
})
