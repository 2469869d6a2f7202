/**
 * Returns `target` when it is a same-origin path ("/x", "/x?y#z"), else `fallback`.
 * Rejects protocol-relative ("//evil"), backslash ("/\\evil") and scheme URLs,
 * which browsers would resolve to another origin.
 */
export function getSafeRedirect(target: unknown, fallback = '/') {
  if (typeof target !== 'string' || !target.startsWith('/')) return fallback
  if (target.startsWith('//') || target.startsWith('/\\')) return fallback
  // Control characters (tabs, newlines) are stripped by URL parsers: "/\t/evil".
  if (/[\u0000-\u001f\u007f]/.test(target)) return fallback
  try {
    const base = 'http://local.invalid'
    return new URL(target, base).origin === base ? target : fallback
  } catch {
    return fallback
  }
}
