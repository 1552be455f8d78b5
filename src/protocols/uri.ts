/** `decodeURIComponent` that never throws: a malformed escape (`%ff`) stays as sent. */
export const decodeUriOrKeep = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The bucket a virtual-hosted-style host names: `<bucket>.s3.localhost`, `<bucket>.s3.amazonaws.com`,
 * `<bucket>.s3.<region>.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com` (bucket names may
 * contain dots, so everything before the `s3` label is the bucket), or `<bucket>.localhost`.
 */
export const bucketFromHost = (host: string): string | undefined => {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return undefined
  const labels = name.split('.')
  const s3At = labels.findIndex((l) => l === 's3' || l.startsWith('s3-'))
  if (s3At > 0) return labels.slice(0, s3At).join('.')
  if (s3At === -1 && labels.length > 1 && labels.at(-1) === 'localhost')
    return labels.slice(0, -1).join('.')
  return undefined
}
