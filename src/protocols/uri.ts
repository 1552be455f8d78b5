/** `decodeURIComponent` that never throws: a malformed escape (`%ff`) stays as sent. */
export const decodeUriOrKeep = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
