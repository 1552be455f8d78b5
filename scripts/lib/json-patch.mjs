// RFC 6902 JSON Patch over plain JSON values; small on purpose so the model patches need
// no dependency. Operations mutate `doc` in place; a failing op throws with its index.

const decode = (token) => token.replace(/~1/g, '/').replace(/~0/g, '~')

export const escapePointerToken = (token) => token.replace(/~/g, '~0').replace(/\//g, '~1')

const parsePointer = (pointer) => {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer '${pointer}'`)
  return pointer.slice(1).split('/').map(decode)
}

const isIndex = (token) => /^(0|[1-9][0-9]*)$/.test(token)

const own = (obj, key) => Object.hasOwn(obj, key)

const resolveParent = (doc, tokens, pointer) => {
  let node = doc
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node) && isIndex(token) && Number(token) < node.length)
      node = node[Number(token)]
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && own(node, token))
      node = node[token]
    else throw new Error(`path not found: ${pointer}`)
  }
  return node
}

export const getPointer = (doc, pointer) => {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) return doc
  const parent = resolveParent(doc, tokens, pointer)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) {
    if (!isIndex(last) || Number(last) >= parent.length)
      throw new Error(`path not found: ${pointer}`)
    return parent[Number(last)]
  }
  if (parent === null || typeof parent !== 'object' || !own(parent, last))
    throw new Error(`path not found: ${pointer}`)
  return parent[last]
}

const add = (doc, pointer, value) => {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) return value
  const parent = resolveParent(doc, tokens, pointer)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : isIndex(last) ? Number(last) : -1
    if (index < 0 || index > parent.length) throw new Error(`bad array index: ${pointer}`)
    parent.splice(index, 0, value)
  } else if (parent !== null && typeof parent === 'object') {
    parent[last] = value
  } else {
    throw new Error(`cannot add below a scalar: ${pointer}`)
  }
  return doc
}

const remove = (doc, pointer) => {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) throw new Error('cannot remove the document root')
  const value = getPointer(doc, pointer)
  const parent = resolveParent(doc, tokens, pointer)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else delete parent[last]
  return value
}

const clone = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)))

const deepEqual = (a, b) => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => own(b, k) && deepEqual(a[k], b[k]))
}

export const applyPatch = (doc, ops) => {
  let root = doc
  ops.forEach((op, i) => {
    try {
      switch (op.op) {
        case 'add':
          root = add(root, op.path, clone(op.value))
          break
        case 'remove':
          remove(root, op.path)
          break
        case 'replace':
          getPointer(root, op.path)
          if (op.path === '') root = clone(op.value)
          else {
            remove(root, op.path)
            root = add(root, op.path, clone(op.value))
          }
          break
        case 'move': {
          if (op.path.startsWith(`${op.from}/`)) throw new Error('cannot move a value into itself')
          const value = remove(root, op.from)
          root = add(root, op.path, value)
          break
        }
        case 'copy':
          root = add(root, op.path, clone(getPointer(root, op.from)))
          break
        case 'test':
          if (!deepEqual(getPointer(root, op.path), op.value))
            throw new Error(`test failed at ${op.path}`)
          break
        default:
          throw new Error(`unknown op '${op.op}'`)
      }
    } catch (err) {
      throw new Error(`patch op #${i} (${op.op} ${op.path}): ${err.message}`)
    }
  })
  return root
}
