// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
import type { HeadObjectOutput, HeadObjectRequest } from '../../gen/s3.js'
import type { Handler } from '../types.js'
import { viewObject } from './object-read.js'

export const HeadObject: Handler<HeadObjectRequest, HeadObjectOutput> = (input, ctx) =>
  viewObject(ctx, input).out as HeadObjectOutput
