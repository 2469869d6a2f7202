import ts from '../../../lib/typescript.js'
import type { ChangeSet } from '../../core/change-set.js'
import { KitError } from '../../core/errors.js'
import { findClientCall } from '../../codemods/client/find-client.js'
import { findProperty, propertyValue } from '../../codemods/js/objects.js'
import { parse } from '../../codemods/js/parse.js'
import { isFallback, objectLiteralOf, unwrap, variableInitializer } from '../../codemods/js/unwrap.js'
import type { ProjectInfo } from '../../project/types.js'
import type { ExistingAuth } from '../adopt.js'
import { devEnvValues } from './env.js'

/** What a client's `baseURL` says about the server it talks to; `why` (for `foreign`) says how that was read. */
type Server = { kind: 'own' } | { kind: 'foreign'; why: string } | { kind: 'unknown' }

const OWN: Server = { kind: 'own' }
const UNKNOWN: Server = { kind: 'unknown' }

/** Hosts of a server of its own, by their first DNS label: `api.example.com`, `auth.example.com` (not `auth-demo.`). */
const SERVER_HOST = /^(?:api|auth|backend|server)\./i

/**
 * Refuses an app whose only Better Auth piece is a client of another server: a `createAuthClient({ baseURL })` whose
 * `baseURL` is clearly not this app (another localhost port, an `api.` host, an env variable named for an API server
 * or set to one in the app's env file), with no instance, handler or Convex component in the app. kit-auth would add
 * a second, local instance that the app's sign-in never reaches, and its guards could not read that server's sessions.
 * A client without `baseURL`, or one at the app's own URL (`BETTER_AUTH_URL`, `window.location.origin`, the dev
 * server's port, an unknown value), is this app's.
 */
export function assertLocalAuthServer(project: ProjectInfo, changes: ChangeSet, existing: ExistingAuth): void {
  if (project.betterAuth || existing.convex || existing.handler) return
  // the dev server's port (the dev script's, the vite config's, Vite's or Nitro's default), unless it is a guess
  const port = project.devServer.known ? project.devServer.port : null
  const env = devEnvValues(project, changes)
  for (const file of project.authClients) {
    const text = changes.read(file) ?? ''
    if (!text.includes('createAuthClient')) continue
    const sourceFile = parse(text, file)
    const options = objectLiteralOf(findClientCall(sourceFile)?.arguments[0])
    const property = options && findProperty(options, 'baseURL')
    const value = property && propertyValue(property)
    if (!value) continue
    const server = serverOf(value, sourceFile, { port, env })
    if (server.kind !== 'foreign') continue
    throw new KitError(
      `${file} points the app's Better Auth client at another server (baseURL: ` +
        `\`${value.getText(sourceFile).replace(/\s+/g, ' ')}\`: ${server.why}), and this app has no Better Auth ` +
        "instance: kit-auth's guards here could not read the sessions that server keeps. Nothing was changed.",
      'Put the Better Auth instance in this app (and point the client at it), or run kit-auth in the app where the ' +
        'instance lives.',
    )
  }
}

interface Context {
  /** The dev server's port, or null when it is not known for sure (a localhost URL is then never foreign). */
  port: number | null
  env: Map<string, string>
}

/** Reads `baseURL`'s expression: literals, env variables, `a || b`, `a ? b : c`, a module-level const. */
function serverOf(node: ts.Expression, sourceFile: ts.SourceFile, context: Context, depth = 0): Server {
  const expression = unwrap(node)
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return urlServer(expression.text, context.port)
  if (/\blocation\s*\.\s*(?:origin|href|host)\b/.test(expression.getText(sourceFile))) return OWN
  if (ts.isBinaryExpression(expression) && isFallback(expression.operatorToken.kind))
    return either(
      serverOf(expression.left, sourceFile, context, depth),
      serverOf(expression.right, sourceFile, context, depth),
    )
  if (ts.isConditionalExpression(expression))
    return either(
      serverOf(expression.whenTrue, sourceFile, context, depth),
      serverOf(expression.whenFalse, sourceFile, context, depth),
    )
  const name = ts.isPropertyAccessExpression(expression)
    ? expression.name.text
    : ts.isElementAccessExpression(expression) && ts.isStringLiteral(expression.argumentExpression)
      ? expression.argumentExpression.text
      : ts.isIdentifier(expression)
        ? expression.text
        : null
  if (name === null) return UNKNOWN
  if (ts.isIdentifier(expression) && depth < 2) {
    const initializer = variableInitializer(sourceFile, name)
    if (initializer) return serverOf(initializer, sourceFile, context, depth + 1)
  }
  return envServer(name, context)
}

/** `own` wins (either side may be the app: `window.location.origin` on the client); then `foreign`. */
function either(a: Server, b: Server): Server {
  if (a.kind === 'own' || b.kind === 'own') return OWN
  return a.kind === 'foreign' ? a : b
}

/** An env variable (`VITE_API_BASE_URL`, `BETTER_AUTH_URL`): its value in the app's env file, else its name. */
function envServer(name: string, context: Context): Server {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return UNKNOWN
  const value = context.env.get(name)
  if (value !== undefined) {
    const server = urlServer(value, context.port)
    return server.kind === 'foreign' ? { kind: 'foreign', why: `${name} is ${value} in the env file` } : server
  }
  const bare = name.replace(/^(?:VITE|PUBLIC|NEXT_PUBLIC)_/, '')
  const words = bare.split('_')
  if (words.some((word) => word === 'API' || word === 'BACKEND'))
    return { kind: 'foreign', why: `${name} names an API server` }
  // the app's own URL: BETTER_AUTH_URL, VITE_APP_URL, VITE_SITE_URL, VITE_BASE_URL
  if (
    bare === 'BETTER_AUTH_URL' ||
    bare === 'BASE_URL' ||
    words.some((word) => ['APP', 'SITE', 'ORIGIN'].includes(word))
  )
    return OWN
  return UNKNOWN
}

/**
 * A URL: relative, or localhost at the dev server's port, is the app; another port (when the dev server's is known)
 * or an `api.` host is not.
 */
function urlServer(text: string, port: number | null): Server {
  if (text.startsWith('/')) return OWN
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return UNKNOWN
  }
  const local = ['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].includes(url.hostname)
  if (local) {
    if (url.port === '' || Number(url.port) === port) return OWN
    if (port === null) return UNKNOWN
    return { kind: 'foreign', why: `port ${url.port}, not this app's ${port}` }
  }
  return SERVER_HOST.test(url.hostname) ? { kind: 'foreign', why: `${url.hostname} is a server of its own` } : UNKNOWN
}
