import { KitError, UsageError } from '../core/errors.js'
import { linkPathOf, type RouteEntry, type RouteTable } from './discover.js'

/** `{$id}` (a brace param with nothing around it) reads as `$id`, so either spelling finds the route. */
function normalizeSegments(value: string): string {
  if (!value.includes('{')) return value
  return value
    .split('/')
    .map((segment) => {
      const braced = /^\{\$([^{}]+)\}$/.exec(segment)
      return braced ? `$${braced[1]}` : segment
    })
    .join('/')
}

/** The path a user typed, cleaned: leading `/`, no duplicate slashes, no `?query` or `#hash`. */
export function normalizeInput(input: string): string {
  const trimmed = input.trim().replace(/[?#].*$/, '')
  return `/${trimmed}`.replace(/\/{2,}/g, '/')
}

/** Route ids and URL paths that the input names; index routes lose to their layout for a bare URL. */
function candidatesFor(table: RouteTable, input: string): RouteEntry[] {
  const wanted = normalizeSegments(input)
  const slash = wanted.endsWith('/')
  const matches = new Set<RouteEntry>()
  for (const route of table.routes) {
    if (route.id === wanted || (route.id.includes('{') && normalizeSegments(route.id) === wanted)) matches.add(route)
    // pathless layouts have no URL of their own: only their id finds them
    if (route.kind === 'pathless') continue
    const full = route.fullPath.includes('{') ? normalizeSegments(route.fullPath) : route.fullPath
    // `/posts` also names the index route `/posts/` (its link `to` has no trailing slash)
    if (
      full === wanted ||
      (!slash && full.length > 1 && full.endsWith('/') && full.length === wanted.length + 1 && full.startsWith(wanted))
    )
      matches.add(route)
  }
  const found = [...matches]
  // `/settings` names the layout (settings/route.tsx) rather than its index (settings/index.tsx)
  if (!wanted.endsWith('/') && found.some((route) => !route.index)) return found.filter((route) => !route.index)
  return found
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length] ?? 0
}

/**
 * Whether a concrete URL (`/posts/1`) is served by a route path with params (`/posts/$postId`,
 * `/files/$`, `/docs/{-$lang}`): a typed URL is then best answered with that route.
 */
function servesUrl(routePath: string, url: string): boolean {
  if (!routePath.includes('$')) return false
  const pattern = routePath.split('/').filter(Boolean)
  // a pattern of params only (`/$lang`) serves every typo: it says nothing about what was meant
  if (!pattern.some((part) => !part.includes('$'))) return false
  const segments = url.split('/').filter(Boolean)
  const match = (p: number, u: number): boolean => {
    if (p === pattern.length) return u === segments.length
    const part = pattern[p]!
    if (part === '$') return u < segments.length // a splat takes one segment or more
    if (/^\{-\$[^{}]+\}$/.test(part)) return match(p + 1, u) || (u < segments.length && match(p + 1, u + 1))
    if (u === segments.length) return false
    const param = /^(.*)(?:\{\$[^{}]+\}|\$[^{}/]+)(.*)$/.exec(part)
    const segment = segments[u]!
    if (param)
      return (
        segment.startsWith(param[1]!) &&
        segment.endsWith(param[2]!) &&
        segment.length > param[1]!.length + param[2]!.length &&
        match(p + 1, u + 1)
      )
    return part === segment && match(p + 1, u + 1)
  }
  return match(0, 0)
}

/**
 * Up to `limit` URL paths (or ids of pathless layouts) closest to the input; routes that serve the typed URL come
 * first.
 */
export function nearestPaths(table: RouteTable, input: string, limit = 3): string[] {
  const scored = new Map<string, number>()
  for (const route of table.routes) {
    const shown = route.kind === 'pathless' ? route.id : linkPathOf(route)
    const score =
      route.kind !== 'pathless' && servesUrl(route.fullPath, input)
        ? -1
        : Math.min(distance(input, shown), distance(input, route.id))
    if (!scored.has(shown) || (scored.get(shown) ?? 0) > score) scored.set(shown, score)
  }
  return [...scored]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([shown]) => shown)
}

/**
 * The route the user means by a URL path (`/settings/profile`, `/teams/$teamId`) or a route id
 * (`/_app/inbox`, `/(marketing)/pricing`). Throws a KitError listing the files when two claim
 * it, or the nearest paths when nothing does.
 */
export function findRoute(table: RouteTable, rawInput: string): RouteEntry {
  const input = normalizeInput(rawInput)
  const candidates = candidatesFor(table, input)
  const conflicting = candidates.length === 1 ? (candidates[0]?.files ?? []) : []
  if (candidates.length > 1 || conflicting.length > 1) {
    const files = candidates.flatMap((route) => (route.files.length > 0 ? route.files : [route.lazyFile ?? route.id]))
    throw new KitError(
      `${input} is ambiguous: ${files.length} files claim it: ${files.join(', ')}.`,
      candidates.length > 1
        ? `Name one by its route id instead: ${candidates.map((route) => route.id).join(' or ')}.`
        : 'TanStack refuses two files with one route id too: delete or rename one of them.',
      {
        details: {
          input,
          candidates: candidates.map((route) => ({
            id: route.id,
            path: route.fullPath,
            files: route.files,
            lazyFile: route.lazyFile,
          })),
        },
      },
    )
  }
  const [found] = candidates
  if (found) return found
  const nearest = nearestPaths(table, input)
  throw new UsageError(
    `No route ${input} in ${table.routesDirectory} (${table.routes.length} routes).`,
    nearest.length > 0
      ? `Nearest: ${nearest.join(', ')}. Run \`kit-auth routes\` to list them all.`
      : `There are no route files in ${table.routesDirectory}.`,
    { input, nearest },
  )
}
