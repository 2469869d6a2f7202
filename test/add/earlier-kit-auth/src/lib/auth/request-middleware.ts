import { createCsrfMiddleware, createMiddleware } from '@tanstack/react-start'

// Request middleware listed in start.ts. Once start.ts exports `startInstance`,
// Start runs only the middleware listed there, so the CSRF check for server
// functions must be listed explicitly.

// Where Start serves server functions. Its Vite plugin defines
// TSS_SERVER_FN_BASE at build time (Vite `base` or router basepath, then
// `serverFns.base`); the fallback is what vite.config said when kit-auth ran.
const SERVER_FN_BASE = process.env.TSS_SERVER_FN_BASE || '/_serverFn/'
// Better Auth's handler route (routes/api/auth/$) under the router basepath.
const AUTH_API_BASE =
  `/${process.env.TSS_ROUTER_BASEPATH ?? ''}/api/auth/`.replace(/\/{2,}/g, '/')

function isServerFnRequest(request: Request) {
  return new URL(request.url).pathname.startsWith(SERVER_FN_BASE)
}

// A request carrying an API token cannot be a cross-site forgery: browsers
// never attach an Authorization header on their own, and getSession() ignores
// cookies when a token is present. Scripts send no Origin/Sec-Fetch-Site, so
// the CSRF check skips them.
function hasApiToken(request: Request) {
  const match = /^Bearer\s+(\S+)$/i.exec(
    request.headers.get('authorization') ?? '',
  )
  return match !== null && match[1].startsWith('sk_live_')
}

/** Refuses cross-site calls to server functions with 403. */
export const csrfMiddleware = createCsrfMiddleware({
  filter: (ctx) => ctx.handlerType === 'serverFn' && !hasApiToken(ctx.request),
})

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), browsing-topics=()',
  // A baseline that cannot break the app: no plugins, no <base> hijacking, no
  // framing. No script-src: the scripts Start renders and the app's own inline
  // ones (the theme script of __root.tsx) carry no per-request nonce, so any
  // script-src strict enough to matter would block them.
  'Content-Security-Policy':
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
}

// Behind a proxy that terminates TLS the request URL says http: trust the
// proxy's X-Forwarded-Proto.
function isHttps(request: Request) {
  const forwarded = request.headers.get('x-forwarded-proto')
  if (forwarded) return forwarded.split(',')[0].trim() === 'https'
  return new URL(request.url).protocol === 'https:'
}

// What depends on who is asking is never stored by a browser or a shared
// cache: server functions, Better Auth's endpoints, responses that set a
// cookie, and pages rendered for a request with credentials (a session cookie
// or an Authorization header).
function isPrivate(request: Request, response: Response) {
  const { pathname } = new URL(request.url)
  if (isServerFnRequest(request) || pathname.startsWith(AUTH_API_BASE)) {
    return true
  }
  if (request.headers.has('authorization')) return true
  if (response.headers.has('set-cookie')) return true
  return /(?:^|;)\s*[^=;\s]*session_token=/.test(
    request.headers.get('cookie') ?? '',
  )
}

// The app's own value of a header wins: only missing ones are added.
function withHeaders(response: Response, headers: Record<string, string>) {
  const missing = Object.entries(headers).filter(
    ([name]) => !response.headers.has(name),
  )
  try {
    for (const [name, value] of missing) response.headers.set(name, value)
    return response
  } catch {
    // Some responses (e.g. Response.redirect) have immutable headers: copy them.
    const copy = new Response(response.body, response)
    for (const [name, value] of missing) copy.headers.set(name, value)
    return copy
  }
}

function headersFor(request: Request, response: Response) {
  return {
    ...SECURITY_HEADERS,
    ...(isHttps(request)
      ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' }
      : {}),
    ...(isPrivate(request, response) ? { 'Cache-Control': 'no-store' } : {}),
  }
}

/**
 * Adds security headers to every response, errors included (HSTS only over
 * https, Cache-Control: no-store on what depends on the caller).
 */
export const securityHeadersMiddleware = createMiddleware().server(
  async ({ request, next }) => {
    let response: Response
    try {
      response = (await next()).response
    } catch (error) {
      // A thrown Response (a redirect) is Start's to send: with the headers.
      if (error instanceof Response) {
        throw withHeaders(error, headersFor(request, error))
      }
      // A server function's error is Start's to serialize for its caller.
      if (isServerFnRequest(request)) throw error
      // Anything else would leave as a bare 500 without them.
      console.error(error)
      response = new Response('Internal Server Error', {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      })
    }
    return withHeaders(response, headersFor(request, response))
  },
)
