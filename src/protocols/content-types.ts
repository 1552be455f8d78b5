/** Content-Type tests shared by the router and the protocols; no codec libraries here. */

export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1'

/** The media type without parameters, lower-cased (`application/x-amz-json-1.1; charset=…` → …). */
export const mediaTypeOf = (value: string | undefined): string => {
  if (value === undefined) return ''
  const semi = value.indexOf(';')
  return (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase()
}

// What the SDKs send, exactly: checked before any parsing, since every JSON request asks.
const JSON_11 = 'application/x-amz-json-1.1'
const JSON_10 = 'application/x-amz-json-1.0'

export const isCborContentType = (value: string | undefined): boolean =>
  value === CBOR_CONTENT_TYPE || (value !== JSON_11 && mediaTypeOf(value) === CBOR_CONTENT_TYPE)

/** `application/x-amz-json-1.0` or `-1.1`: JSON services take either. */
export const isAwsJsonContentType = (value: string | undefined): boolean => {
  if (value === JSON_11 || value === JSON_10) return true
  const type = mediaTypeOf(value)
  return type === 'application/x-amz-json-1.1' || type === 'application/x-amz-json-1.0'
}
