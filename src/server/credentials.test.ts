import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryCredentialStore, parseKeyFile, parseKeyList } from './credentials.js'
import { rootPrincipal } from './principal.js'

describe('credentials', () => {
  it('parses AKID:SECRET lists, keeping colons inside secrets', () => {
    assert.deepEqual(parseKeyList('A1:s/e+c, A2:x:y'), [
      { accessKeyId: 'A1', secretAccessKey: 's/e+c' },
      { accessKeyId: 'A2', secretAccessKey: 'x:y' },
    ])
    assert.throws(() => parseKeyList('nocolon'), {
      message: "keys: expected AKID:SECRET, got 'nocolon'",
    })
  })

  it('parses JSON and line key files', () => {
    assert.deepEqual(parseKeyFile('[{"accessKeyId":"A","secretAccessKey":"S"}]'), [
      { accessKeyId: 'A', secretAccessKey: 'S' },
    ])
    assert.deepEqual(parseKeyFile('# team keys\nA:S\n\nB:T\n'), [
      { accessKeyId: 'A', secretAccessKey: 'S' },
      { accessKeyId: 'B', secretAccessKey: 'T' },
    ])
    assert.throws(() => parseKeyFile('[{"accessKeyId":"A"}]'), {
      message: 'keys file[0]: accessKeyId and secretAccessKey must be non-empty strings',
    })
  })

  it('adds, deactivates, removes and sweeps keys', () => {
    const store = new MemoryCredentialStore([
      { accessKeyId: 'A', secretAccessKey: 'S', principal: rootPrincipal('1'), active: true },
    ])
    assert.equal(store.lookup('A')?.secretAccessKey, 'S')
    assert.equal(store.lookup('__proto__'), undefined)
    store.setActive('A', false)
    assert.equal(store.lookup('A')?.active, false)
    store.add({
      accessKeyId: 'T',
      secretAccessKey: 'S',
      principal: rootPrincipal('1'),
      active: true,
      expiresAt: 10,
    })
    store.sweep(10)
    assert.equal(store.lookup('T'), undefined)
    assert.equal(store.remove('A'), true)
    assert.equal(store.size, 0)
  })
})
