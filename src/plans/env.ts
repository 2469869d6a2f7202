/** Where `vite dev` reads env values from, in the order it applies them (a later file wins). */
export const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local']

/** The keys and values of a dotenv text (quotes stripped, comments and `export` ignored). */
export function parseEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!match) continue
    const raw = match[2] ?? ''
    const quoted = /^(['"])(.*)\1$/.exec(raw)
    values[match[1]!] = quoted ? (quoted[2] ?? '') : raw.replace(/\s+#.*$/, '')
  }
  return values
}

/**
 * Adds `entries` to a dotenv text, keeping every existing line and value: a key already set
 * (even to an empty value) is left alone. Returns the text unchanged when nothing is missing.
 *
 * @example mergeEnv('PORT=3000\n', { BETTER_AUTH_URL: 'http://localhost:3000' })
 *   // 'PORT=3000\nBETTER_AUTH_URL=http://localhost:3000\n'
 */
export function mergeEnv(text: string | null, entries: Record<string, string>, comment?: string): string {
  const existing = text ?? ''
  const present = new Set(
    existing
      .split('\n')
      .map((line) => /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
      .filter((key): key is string => key !== undefined),
  )
  const missing = Object.entries(entries).filter(([key]) => !present.has(key))
  if (missing.length === 0) return existing
  const lines = missing.map(([key, value]) => `${key}=${value}`)
  if (comment) lines.unshift(`# ${comment}`)
  const separator = existing === '' ? '' : existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n'
  return `${existing}${separator}${lines.join('\n')}\n`
}

/**
 * True when a .gitignore text ignores `file` (a path relative to the folder of the .gitignore).
 * Understands the common forms: exact names, leading `/`, `*` globs on the base name, and `!` negations.
 */
export function isIgnored(gitignore: string | null, file: string): boolean {
  let ignored = false
  for (const raw of (gitignore ?? '').split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negated = line.startsWith('!')
    const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '')
    const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/')
    const regex = new RegExp(
      `^${pattern
        .replace(/^\//, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\0/g, '.*')}$`,
    )
    const candidates = anchored
      ? [file]
      : [file, ...file.split('/').map((_, index, parts) => parts.slice(index).join('/'))]
    const prefixes = file.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'))
    const matches =
      candidates.some((candidate) => regex.test(candidate)) ||
      prefixes.some((prefix) => regex.test(prefix) || (!anchored && regex.test(prefix.split('/').pop() ?? '')))
    if (matches) ignored = !negated
  }
  return ignored
}

/** Appends `entries` to a .gitignore text (creating it when null), under a comment. */
export function addIgnores(gitignore: string | null, entries: string[]): string {
  const existing = gitignore ?? ''
  const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n'
  return `${existing}${separator}# kit-auth: secrets and the local auth database\n${entries.join('\n')}\n`
}

/**
 * Every `KEY=value` the app's env files give `vite dev`, file by file in the order Vite loads them (a later one
 * wins), with the file it is in; a file that cannot be read gives none.
 */
export function* envFileEntries(
  project: { envFile: string },
  read: (file: string) => string | null,
): Generator<{ key: string; value: string; file: string }> {
  for (const file of new Set([...ENV_FILES, project.envFile])) {
    const text = read(file)
    if (text === null) continue
    for (const [key, value] of Object.entries(parseEnv(text))) yield { key, value, file }
  }
}
