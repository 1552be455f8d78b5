import assert from 'node:assert/strict'
import { test } from 'node:test'
import { toIsoString } from './timestamps.js'

test('toIsoString is Date#toISOString, including runs within a second and far years', () => {
  const cases = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1_764_000_000_123, 253402300799999]
  for (let i = 0; i < 2000; i++) cases.push(1_764_000_000_000 + Math.floor(i * 0.7))
  cases.push(-1, -62198755200000, 253402300800000, 8.64e15, -8.64e15)
  for (const ms of cases) {
    const d = new Date(ms)
    assert.equal(toIsoString(d), d.toISOString(), String(ms))
  }
  assert.throws(() => toIsoString(new Date(Number.NaN)), RangeError)
})
