/** IAM tags: a later value for a key replaces the earlier one (TagRole/TagUser semantics). */
import type { TagRow } from './store.js'

export const mergeTags = (current: readonly TagRow[], added: readonly TagRow[]): TagRow[] => {
  const keys = new Set(added.map((t) => t.Key))
  return [...current.filter((t) => !keys.has(t.Key)), ...added]
}
