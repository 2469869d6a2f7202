/**
 * TanStack Router's file-naming rules, ported from @tanstack/router-generator (physical
 * `getRouteNodes` and `utils`, 1.167): a route file's path inside the routes directory gives its
 * route id (what `createFileRoute('<id>')` holds) and its URL path. Pure string work: no file is read.
 *
 * @example routeFromFileName('posts_.$postId.edit.tsx')
 *   // { id: '/posts_/$postId/edit', fullPath: '/posts/$postId/edit', ... }
 */

/** What kind of file it is for the router. */
export type RouteFileKind =
  /** `__root.tsx` */
  | 'root'
  /** `posts/route.tsx`: the layout of its folder */
  | 'layout'
  /** `_auth.tsx`, `_auth/route.tsx`: a layout without a URL segment */
  | 'pathless'
  /** any other route file (`posts.tsx`, `posts/index.tsx`) */
  | 'static'
  /** `posts.lazy.tsx`: the code-split half, `createLazyFileRoute`, cannot take `beforeLoad` */
  | 'lazy'
  /** the deprecated `.component.tsx`, `.loader.tsx`... pieces */
  | 'piece'

export interface RouteFileName {
  /** Route id: `/posts_/$postId/edit`, `/_app/inbox`, `/posts/` (an index). */
  id: string
  /** The id with `[...]` escapes kept: `/sitemap[.]xml`. */
  original: string
  /** URL path as the route tree's `fullPath`: `/posts/$postId/edit`, `/inbox`, `/posts/`. */
  fullPath: string
  kind: RouteFileKind
  /** The id ends in `/`: an `index` file. */
  index: boolean
}

/** The tokens that name layouts and index routes (tsr.config `routeToken` / `indexToken`). */
export interface RouteTokens {
  routeToken: string
  indexToken: string
}

export const DEFAULT_TOKENS: RouteTokens = { routeToken: 'route', indexToken: 'index' }

const PIECES = ['component', 'errorComponent', 'notFoundComponent', 'pendingComponent', 'loader'] as const
const SUFFIXES = [...PIECES, 'lazy']
const SPLIT_DOTS = /(?<!\[)\.(?!\])/g
const BRACKETS = /\[(.*?)\]/g

/** A route path with runs of `/` collapsed. */
function cleanPath(value: string): string {
  return value.replace(/\/{2,}/g, '/')
}

function removeExt(file: string): string {
  return file.substring(0, file.lastIndexOf('.')) || file
}

function isBracketWrapped(segment: string): boolean {
  return segment.startsWith('[') && segment.endsWith(']')
}

function unwrapBrackets(segment: string): string {
  return isBracketWrapped(segment) ? segment.slice(1, -1) : segment
}

function isFullyEscaped(segment: string): boolean {
  return isBracketWrapped(segment) && !segment.slice(1, -1).includes('[') && !segment.slice(1, -1).includes(']')
}

/** `[_]layout` or `[_layout]`: the leading underscore is literal, not a pathless marker. */
export function hasEscapedLeadingUnderscore(segment: string): boolean {
  return segment.startsWith('[_]') || (segment.startsWith('[_') && isFullyEscaped(segment))
}

/** `posts[_]` or `[posts_]`: the trailing underscore is literal, not an un-nesting marker. */
export function hasEscapedTrailingUnderscore(segment: string): boolean {
  return segment.endsWith('[_]') || (segment.endsWith('_]') && isFullyEscaped(segment))
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The last non-empty `/` segment (`split('/').filter(Boolean).pop()`, without the arrays). */
function lastSegment(value: string): string {
  let end = value.length
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--
  return value.slice(value.lastIndexOf('/', end - 1) + 1, end)
}

/** How many non-empty `/` segments a path has. */
function segmentCount(value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++)
    if (value.charCodeAt(i) !== 47 && (i === 0 || value.charCodeAt(i - 1) === 47)) count++
  return count
}

/** `determineInitialRoutePath`: dots and slashes split segments, `[x]` escapes are unwrapped in the id. */
function initialRoutePath(withoutExt: string): { id: string; original: string } {
  if (!withoutExt.includes('[')) {
    const id = cleanPath(`/${withoutExt.replace(/\./g, '/')}`)
    return { id, original: id }
  }
  const parts = withoutExt.split(SPLIT_DOTS)
  const original = cleanPath(`/${cleanPath(parts.join('/'))}`)
  const id = cleanPath(`/${parts.map((part) => part.replace(BRACKETS, '$1')).join('/')}`)
  return { id, original }
}

/** URL path of a route id (`inferFullPath`): drops pathless `_x` segments, `(group)` folders and un-nesting `_`. */
export function fullPathOf(id: string, original: string): string {
  if (!id.includes('_') && !id.includes('(')) return id === '' ? '/' : id
  const routeSegments = id.split('/')
  const originalSegments = original.split('/')
  const kept: string[] = []
  for (let i = 0; i < routeSegments.length; i++) {
    let segment = routeSegments[i] ?? ''
    const originalSegment = originalSegments[i] ?? ''
    const literalLeading = segment.startsWith('_') && hasEscapedLeadingUnderscore(originalSegment)
    const literalTrailing = segment.endsWith('_') && hasEscapedTrailingUnderscore(originalSegment)
    if (!literalLeading && segment.startsWith('_')) continue
    if (segment.endsWith('_') && !literalTrailing) segment = segment.slice(0, -1)
    kept.push(segment)
  }
  const path = kept.join('/').replace(/\([^/]+\)\/?/g, '')
  if (path === '') return '/'
  return id.endsWith('/') ? path : path.replace(/\/$/, '')
}

/**
 * The route a file of the routes directory defines, or null when TanStack does not treat it as
 * one (wrong extension, `(group).tsx`). `file` is relative to the routes directory, posix.
 * Ignored names (`-x`, `.x`) are the caller's business: see `isIgnoredName`.
 */
const tokenRegExps = new Map<string, RegExp>()

/** `^token$`, compiled once per token. */
function tokenRegExp(token: string): RegExp {
  let compiled = tokenRegExps.get(token)
  if (!compiled) {
    compiled = new RegExp(`^${escapeRegExp(token)}$`)
    tokenRegExps.set(token, compiled)
  }
  return compiled
}

/** Drops a last `/segment` (the generator's `replace(new RegExp('/' + segment + '$'), '')`). */
function stripLast(value: string, segment: string, replacement = ''): string {
  return value.endsWith(`/${segment}`) ? value.slice(0, value.length - segment.length - 1) + replacement : value
}

export function routeFromFileName(file: string, tokens: RouteTokens = DEFAULT_TOKENS): RouteFileName | null {
  if (!/\.(tsx|ts|jsx|js)$/.test(file)) return null
  const base = file.slice(file.lastIndexOf('/') + 1)
  if (base.includes('(') && /\(([^)]+)\).(ts|js|tsx|jsx|vue)/.test(base)) return null
  const routeTokenRe = tokenRegExp(tokens.routeToken)
  const indexTokenRe = tokenRegExp(tokens.indexToken)

  let { id, original } = initialRoutePath(removeExt(file))
  if (id === '/__root') return { id: '__root__', original: '/__root', fullPath: '/', kind: 'root', index: false }

  // fast path, most files of a big app: no escapes, no special last segment
  const last = lastSegment(id)
  if (
    !file.includes('[') &&
    last !== '' &&
    !routeTokenRe.test(last) &&
    !indexTokenRe.test(last) &&
    !SUFFIXES.includes(last)
  ) {
    return {
      id,
      original: id,
      fullPath: fullPathOf(id, id),
      kind: last.startsWith('_') ? 'pathless' : 'static',
      index: false,
    }
  }

  // getRouteMeta
  const lastOriginal = lastSegment(original)
  const isSuffixEscaped = (suffix: string) => isBracketWrapped(lastOriginal) && unwrapBrackets(lastOriginal) === suffix
  const routeTokenEscaped =
    lastOriginal !== unwrapBrackets(lastOriginal) && routeTokenRe.test(unwrapBrackets(lastOriginal))
  let kind: RouteFileKind = 'static'
  if (routeTokenRe.test(lastSegment(id)) && !routeTokenEscaped) kind = 'layout'
  else if (id.endsWith('/lazy') && !isSuffixEscaped('lazy')) kind = 'lazy'
  else if (PIECES.some((piece) => id.endsWith(`/${piece}`) && !isSuffixEscaped(piece))) kind = 'piece'

  if (kind === 'lazy') {
    id = id.replace(/\/lazy$/, '')
    original = original.replace(/\/lazy$/, '')
  }
  if (isPathless(id, original, kind, routeTokenRe, indexTokenRe)) kind = 'pathless'
  const layout = kind === 'layout'

  // strip a piece suffix (`.component`, `.lazy`) or the route token
  const lastOriginalForSuffix = lastSegment(original)
  const segmentsBefore = segmentCount(id)
  const lastBefore = lastSegment(id)
  const suffix = SUFFIXES.find(
    (candidate) =>
      id.endsWith(`/${candidate}`) &&
      !(isBracketWrapped(lastOriginalForSuffix) && unwrapBrackets(lastOriginalForSuffix) === candidate),
  )
  const routeTokenCandidate = unwrapBrackets(lastOriginalForSuffix)
  const tokenEscaped = lastOriginalForSuffix !== routeTokenCandidate && routeTokenRe.test(routeTokenCandidate)
  const stripToken = routeTokenRe.test(lastBefore) && !tokenEscaped
  if (suffix || stripToken) {
    id = stripLast(id, suffix ?? lastBefore)
    original = stripLast(original, suffix ?? lastBefore)
  }

  // `index` -> trailing slash
  const lastOriginalNow = lastSegment(original)
  const indexCandidate = unwrapBrackets(lastOriginalNow)
  if (!(lastOriginalNow !== indexCandidate && indexTokenRe.test(indexCandidate))) {
    const lastNow = lastSegment(id)
    if (indexTokenRe.test(lastNow)) {
      if (segmentsBefore === 1) id = '/'
      id = stripLast(id, lastNow, '/') || (layout ? '' : '/')
      original = stripLast(original, indexCandidate, '/') || (layout ? '' : '/')
    }
  }
  return { id, original, fullPath: fullPathOf(id, original), kind, index: id.endsWith('/') }
}

/** `isValidPathlessLayoutRoute`: `_auth.tsx` or `_auth/route.tsx`, unless the underscore is escaped. */
function isPathless(
  id: string,
  original: string,
  kind: RouteFileKind,
  routeTokenRe: RegExp,
  indexTokenRe: RegExp,
): boolean {
  if (kind === 'lazy') return false
  const segments = id.split('/').filter(Boolean)
  const originals = original.split('/').filter(Boolean)
  if (segments.length === 0) return false
  const last = segments[segments.length - 1] ?? ''
  const lastOriginal = originals[originals.length - 1] ?? ''
  const secondLast = segments[segments.length - 2]
  const secondLastOriginal = originals[originals.length - 2]
  if (last === '__root') return false
  if (routeTokenRe.test(last) && secondLast !== undefined && secondLastOriginal !== undefined) {
    if (hasEscapedLeadingUnderscore(secondLastOriginal)) return false
    return secondLast.startsWith('_')
  }
  if (hasEscapedLeadingUnderscore(lastOriginal)) return false
  return !indexTokenRe.test(last) && !routeTokenRe.test(last) && last.startsWith('_')
}

/**
 * Un-nesting segments of a route id: `posts_` in `/posts_/$postId/edit` leaves the `/posts`
 * route's subtree. Returns, for each such segment (not the last), the id of the route it would
 * otherwise have been nested under.
 *
 * @example unnestedParents('/posts_/$postId/edit', '/posts_/$postId/edit') // ['/posts']
 */
export function unnestedParents(id: string, original: string): string[] {
  if (!id.includes('_/')) return []
  const segments = id.split('/')
  const originals = original.split('/')
  const parents: string[] = []
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] ?? ''
    if (segment.length > 1 && segment.endsWith('_') && !hasEscapedTrailingUnderscore(originals[i] ?? '')) {
      parents.push([...segments.slice(0, i), segment.slice(0, -1)].join('/'))
    }
  }
  return parents
}

/** Names TanStack (with the default `routeFileIgnorePrefix`) never treats as routes, plus tests and declarations. */
export function isIgnoredName(name: string, ignorePrefix = '-'): boolean {
  return name.startsWith('.') || (ignorePrefix !== '' && name.startsWith(ignorePrefix))
}

/** Files in a routes folder that are not route modules: declarations, the generated tree, tests and stories. */
export function isNonRouteFile(name: string): boolean {
  return (
    /\.d\.[cm]?ts$/.test(name) ||
    /^routeTree\.gen\./.test(name) ||
    /\.(test|spec|stories|story)\.[cm]?[jt]sx?$/.test(name)
  )
}
