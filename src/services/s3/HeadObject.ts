// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
import type { HeadObjectOutput, HeadObjectRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { partRange } from './GetObject.js'
import { findObject } from './object-read.js'
import { checkConditions, objectHeaders, parseRange } from './object-view.js'

export const HeadObject: Handler<HeadObjectRequest, HeadObjectOutput> = (input, ctx) => {
  const { bucket, row } = findObject(ctx, input.Bucket, input.Key, input.VersionId)
  checkConditions(input, row)
  const out = objectHeaders(row, bucket, input.ChecksumMode === 'ENABLED') as HeadObjectOutput
  const range =
    input.PartNumber !== undefined
      ? partRange(row, input.PartNumber)
      : parseRange(input.Range, row.size)
  if (range) {
    out.ContentRange = `bytes ${range.start}-${range.end}/${row.size}`
    out.ContentLength = range.end - range.start + 1
  }
  if (input.ResponseContentType !== undefined) out.ContentType = input.ResponseContentType
  return out
}
