/**
 * S3's error codes, messages and statuses, once. Wording from the S3 API error-code table
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html) and real responses.
 */
import { AwsError } from '../../server/errors.js'

export const noSuchBucket = (bucket: string): AwsError =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket })

export const noSuchKey = (key: string): AwsError =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key })

export const noSuchVersion = (key: string, versionId: string): AwsError =>
  new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, {
    Key: key,
    VersionId: versionId,
  })

export const invalidVersionId = (): AwsError =>
  new AwsError('InvalidArgument', 'Invalid version id specified', 400, {
    ArgumentName: 'versionId',
  })

export const invalidRange = (range: string, size: number): AwsError =>
  new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
    RangeRequested: range,
    ActualObjectSize: size,
  })

export const bucketAlreadyOwnedByYou = (bucket: string): AwsError =>
  new AwsError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
    { BucketName: bucket },
  )

export const bucketAlreadyExists = (bucket: string): AwsError =>
  new AwsError(
    'BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    409,
    { BucketName: bucket },
  )

export const bucketNotEmpty = (bucket: string): AwsError =>
  new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
    BucketName: bucket,
  })

export const invalidBucketName = (bucket: string): AwsError =>
  new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, {
    BucketName: bucket,
  })

/** What S3 answers for a key whose percent-decoded bytes are not UTF-8. */
export const invalidUri = (): AwsError =>
  new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400)

export const keyTooLong = (size: number): AwsError =>
  new AwsError('KeyTooLongError', 'Your key is too long', 400, {
    Size: size,
    MaxSizeAllowed: 1024,
  })

export const entityTooLarge = (size: number, max: number): AwsError =>
  new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
    ProposedSize: size,
    MaxSizeAllowed: max,
  })

export const entityTooSmall = (size: number, partNumber: number, etag: string): AwsError =>
  new AwsError(
    'EntityTooSmall',
    'Your proposed upload is smaller than the minimum allowed size',
    400,
    { ProposedSize: size, MinSizeAllowed: 5 * 1024 * 1024, PartNumber: partNumber, ETag: etag },
  )

export const badDigest = (expected: string, calculated: string): AwsError =>
  new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
    ExpectedDigest: expected,
    CalculatedDigest: calculated,
  })

export const invalidDigest = (value: string): AwsError =>
  new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
    'Content-MD5': value,
  })

export const checksumMismatch = (algorithm: string): AwsError =>
  new AwsError(
    'BadDigest',
    `The ${algorithm} you specified did not match the calculated checksum.`,
    400,
  )

export const invalidChecksum = (algorithm: string): AwsError =>
  new AwsError(
    'InvalidRequest',
    `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`,
    400,
  )

export const preconditionFailed = (condition: string): AwsError =>
  new AwsError(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    412,
    { Condition: condition },
  )

export const notModified = (headers: Record<string, string> = {}): AwsError => {
  const err = new AwsError('NotModified', 'Not Modified', 304)
  Object.assign(err.headers, headers)
  return err
}

export const methodNotAllowedOnDeleteMarker = (headers: Record<string, string>): AwsError => {
  const err = new AwsError(
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    405,
    { Method: 'GET', ResourceType: 'DeleteMarker' },
  )
  Object.assign(err.headers, headers)
  return err
}

export const noSuchUpload = (uploadId: string): AwsError =>
  new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  )

export const invalidPart = (uploadId: string, partNumber: number, etag: string): AwsError =>
  new AwsError(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: partNumber, ETag: etag },
  )

export const invalidPartOrder = (uploadId: string): AwsError =>
  new AwsError(
    'InvalidPartOrder',
    'The list of parts was not in ascending order. Parts must be ordered by part number.',
    400,
    { UploadId: uploadId },
  )

/** Also the protocol's answer to unparseable XML (rest-xml.ts), which this module must not import (cycle). */
export const malformedXml = (): AwsError =>
  new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  )

export const illegalLocationConstraint = (constraint: string | undefined): AwsError =>
  new AwsError(
    'IllegalLocationConstraintException',
    constraint === undefined
      ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
      : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    400,
  )

export const invalidLocationConstraint = (constraint: string): AwsError =>
  new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
    LocationConstraint: constraint,
  })

export const invalidArgument = (message: string, name?: string, value?: string): AwsError =>
  new AwsError('InvalidArgument', message, 400, {
    ...(name !== undefined ? { ArgumentName: name } : {}),
    ...(value !== undefined ? { ArgumentValue: value } : {}),
  })

export const invalidRequest = (message: string): AwsError =>
  new AwsError('InvalidRequest', message, 400)

export const copyToItself = (): AwsError =>
  invalidRequest(
    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
  )

export const noSuchTagSet = (): AwsError =>
  new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404)

export const noSuchCors = (bucket: string): AwsError =>
  new AwsError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, {
    BucketName: bucket,
  })

export const noSuchBucketPolicy = (bucket: string): AwsError =>
  new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {
    BucketName: bucket,
  })

export const noSuchPublicAccessBlock = (bucket: string): AwsError =>
  new AwsError(
    'NoSuchPublicAccessBlockConfiguration',
    'The public access block configuration was not found',
    404,
    { BucketName: bucket },
  )

export const accessDenied = (): AwsError => new AwsError('AccessDenied', 'Access Denied', 403)

export const invalidPartNumber = (): AwsError =>
  new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416)

export const incompleteBody = (): AwsError =>
  new AwsError(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header',
    400,
  )

export const malformedChunk = (): AwsError =>
  new AwsError('InvalidRequest', 'Invalid chunked upload encoding (aws-chunked).', 400)

export const signatureMismatch = (): AwsError =>
  new AwsError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
  )

export const malformedPolicy = (message: string): AwsError =>
  new AwsError('MalformedPolicy', message, 400)

export const POLICY_NOT_JSON = "Policies must be valid JSON and the first byte must be '{'"
export const POLICY_NO_STATEMENT = 'Missing required field Statement'

export const duplicateTagKey = (key: string): AwsError =>
  new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', 400, { TagKey: key })

export const invalidTagKey = (key: string): AwsError =>
  new AwsError('InvalidTag', 'The TagKey you have provided is invalid', 400, { TagKey: key })

export const invalidTagValue = (key: string, value: string): AwsError =>
  new AwsError('InvalidTag', 'The TagValue you have provided is invalid', 400, {
    TagKey: key,
    TagValue: value,
  })

export const tooManyObjectTags = (): AwsError =>
  new AwsError('BadRequest', 'Object tags cannot be greater than 10', 400)

export const tooManyBucketTags = (): AwsError =>
  new AwsError('InvalidTag', 'Bucket tag count cannot be greater than 50', 400)

export const CORS_NOT_ENABLED = 'CORS is not enabled for this bucket.'
export const CORS_NOT_ALLOWED =
  "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec."

/** ACLs are disabled (Object Ownership `BucketOwnerEnforced`, AWS's default for new buckets). */
export const aclNotSupported = (): AwsError =>
  new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400)
