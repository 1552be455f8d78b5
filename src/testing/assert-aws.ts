/** Assertions for AWS errors as real clients surface them. */
import assert from 'node:assert/strict'

/**
 * `p` rejects with an AWS error of exactly this name, message (the full text, or a pattern where
 * the text carries generated ids) and HTTP status.
 */
export const rejectsWithAwsError = async (
  p: Promise<unknown>,
  name: string,
  message: string | RegExp,
  status = 400,
): Promise<void> => {
  await assert.rejects(
    p,
    (e: Error & { $metadata?: { httpStatusCode?: number }; status?: number }) => {
      assert.equal(e.name, name)
      if (typeof message === 'string') assert.equal(e.message, message)
      else assert.match(e.message, message)
      // SDK errors carry the status in $metadata; raw-request helpers in `status`.
      assert.equal(e.$metadata?.httpStatusCode ?? e.status, status)
      return true
    },
  )
}
