/** Dependencies to add: name -> range, in `dependencies` or `devDependencies`. */
export interface DependencyEdit {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/**
 * Adds dependencies to a package.json text, keeping its indentation and final newline and
 * never touching a package that is already declared in either section. Sections that were
 * sorted stay sorted.
 *
 * @example addDependencies(text, { dependencies: { 'better-auth': '^1.7.25' } })
 */
export function addDependencies(text: string, edit: DependencyEdit): string {
  const json = JSON.parse(text) as Record<string, unknown>
  const declared = (section: string) => (json[section] ?? {}) as Record<string, string>
  const isDeclared = (name: string) =>
    name in declared('dependencies') || name in declared('devDependencies') || name in declared('peerDependencies')
  let changed = false
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const additions = Object.entries(edit[section] ?? {}).filter(([name]) => !isDeclared(name))
    if (additions.length === 0) continue
    const current = declared(section)
    const names = Object.keys(current)
    const sorted = names.every((name, index) => index === 0 || (names[index - 1] ?? '') <= name)
    const merged = { ...current, ...Object.fromEntries(additions) }
    json[section] = sorted
      ? Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : merged
    changed = true
  }
  if (!changed) return text
  return rewriteJson(text, json)
}

/** `json` written back in the shape of `text`: its indentation and its final newline (or none). */
export function rewriteJson(text: string, json: unknown): string {
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  '
  return `${JSON.stringify(json, null, indent)}${text.endsWith('\n') ? '\n' : ''}`
}
