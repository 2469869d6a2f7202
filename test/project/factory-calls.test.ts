import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { factoryCalls, KIT_INSTANCE_MARKER } from '../../src/project/factory-calls.js'

const INSTANCE = { file: 'src/lib/auth.ts', exportName: 'createAuth' }
const ALIASES = [{ prefix: '#/', target: 'src' }]

describe('factoryCalls', () => {
  it("copies a dynamic import's binding with its own module, not a top-level import of the same name", () => {
    const route = [
      "import { env } from '#/lib/env'",
      "import { createAuth } from '#/lib/auth'",
      '',
      'export async function handle(request: Request) {',
      "  const { env } = await import('cloudflare:workers')",
      '  return createAuth(env).handler(request)',
      '}',
      'void env',
      '',
    ].join('\n')
    const files = [
      { file: 'src/lib/auth.ts', text: 'export const createAuth = (env: unknown) => env\n' },
      { file: 'src/lib/env.ts', text: 'export const env = {}\n' },
      { file: 'src/routes/api/auth/$.ts', text: route },
    ]
    const [call] = factoryCalls(INSTANCE, files, ALIASES)
    expect(call).toMatchObject({
      call: 'createAuth(env)',
      imports: [{ local: 'env', imported: 'env', module: 'cloudflare:workers' }],
    })
    expect(call?.local).toBeUndefined()
  })

  const AUTH = { file: 'src/lib/auth.ts', text: 'export const createAuth = (db: unknown) => db\n' }
  const DB = { file: 'src/db.ts', text: 'export const createDB = (binding: unknown) => binding\n' }
  const databaseMiddleware = (value: string) => ({
    file: 'src/middlewares/database.ts',
    text: [
      "import { env } from 'cloudflare:workers'",
      "import { createMiddleware } from '@tanstack/react-start'",
      "import { createDB } from '#/db'",
      '',
      'export const databaseMiddleware = createMiddleware().server(({ next }) => {',
      `  const db = ${value}`,
      '  return next({ context: { db } })',
      '})',
      '',
    ].join('\n'),
  })
  const authMiddleware = (body: string) => ({
    file: 'src/middlewares/auth.ts',
    text: [
      "import { createMiddleware } from '@tanstack/react-start'",
      "import { createAuth } from '#/lib/auth'",
      "import { databaseMiddleware } from './database'",
      '',
      'export const authMiddleware = createMiddleware()',
      '  .middleware([databaseMiddleware])',
      `  .server(${body})`,
      '',
    ].join('\n'),
  })

  it("replaces a request context's value by what the middleware that sets it puts there, with its imports", () => {
    const files = [
      AUTH,
      DB,
      databaseMiddleware('createDB(env.DB)'),
      authMiddleware('({ next, context }) => next({ context: { auth: createAuth(context.db) } })'),
    ]
    const [call] = factoryCalls(INSTANCE, files, ALIASES)
    expect(call).toMatchObject({
      file: 'src/middlewares/auth.ts',
      args: 'createDB(env.DB)',
      imports: [
        { local: 'createDB', imported: 'createDB', file: 'src/db.ts' },
        { local: 'env', imported: 'env', module: 'cloudflare:workers' },
      ],
    })
    expect(call?.local).toBeUndefined()
  })

  it('reads what a middleware passes through `opts.next({ context })` too', () => {
    const producer = databaseMiddleware('createDB(env.DB)')
    const text = producer.text
      .replace('server(({ next }) => {', 'server((opts) => {')
      .replace('return next({', 'return opts.next({')
    const body = '({ next, context }) => next({ context: { auth: createAuth(context.db) } })'
    const [call] = factoryCalls(INSTANCE, [AUTH, DB, { ...producer, text }, authMiddleware(body)], ALIASES)
    expect(text).toContain('opts.next({ context: { db } })')
    expect(call).toMatchObject({ args: 'createDB(env.DB)' })
    expect(call?.local).toBeUndefined()
  })

  it('follows a const that holds the context (`const c = context as T`) and `opts.context`', () => {
    for (const body of [
      '({ next, context }) => { const c = context as { db: unknown }; return next({ context: { a: createAuth(c.db) } }) }',
      '(opts) => opts.next({ context: { a: createAuth(opts.context.db) } })',
    ]) {
      const [call] = factoryCalls(
        INSTANCE,
        [AUTH, DB, databaseMiddleware('createDB(env.DB)'), authMiddleware(body)],
        ALIASES,
      )
      expect(call, body).toMatchObject({ args: 'createDB(env.DB)' })
      expect(call?.local, body).toBeUndefined()
    }
  })

  it('keeps a context value local when it cannot be copied: a let, a parameter, two different sources', () => {
    const body = '({ next, context }) => next({ context: { auth: createAuth(context.db) } })'
    const other = { ...databaseMiddleware('createDB(env.OTHER)'), file: 'src/middlewares/other.ts' }
    for (const files of [
      [databaseMiddleware('createDB(env.DB)').text.replace('const db', 'let db')],
      [
        [
          "import { createMiddleware } from '@tanstack/react-start'",
          'export const databaseMiddleware = createMiddleware().server(({ next, db }) => next({ context: { db } }))',
        ].join('\n'),
      ],
    ]) {
      const [call] = factoryCalls(
        INSTANCE,
        [AUTH, DB, { file: 'src/middlewares/database.ts', text: files[0]! }, authMiddleware(body)],
        ALIASES,
      )
      expect(call?.local).toBe('context.db')
    }
    const [twice] = factoryCalls(
      INSTANCE,
      [AUTH, DB, databaseMiddleware('createDB(env.DB)'), other, authMiddleware(body)],
      ALIASES,
    )
    expect(twice?.local).toBe('context.db')
  })

  it("does not read a route's beforeLoad context (the router's) as the request's", () => {
    const route = {
      file: 'src/routes/a.tsx',
      text: [
        "import { createAuth } from '#/lib/auth'",
        "export const Route = createFileRoute('/a')({ beforeLoad: ({ context }) => createAuth(context.db) })",
      ].join('\n'),
    }
    const [call] = factoryCalls(INSTANCE, [AUTH, DB, databaseMiddleware('createDB(env.DB)'), route], ALIASES)
    expect(call?.local).toBe('context')
  })

  it("reads the env a Worker's fetch(request, env) passes into the request context as cloudflare:workers' env", () => {
    const server = {
      file: 'src/server.ts',
      text: [
        "import { createStartHandler, defaultStreamHandler } from '@tanstack/react-start/server'",
        'const handler = createStartHandler(defaultStreamHandler)',
        'export default {',
        '  fetch(request: Request, bindings: Env, executionCtx: ExecutionContext) {',
        '    return handler(request, { context: { env: bindings, executionCtx } })',
        '  },',
        '}',
      ].join('\n'),
    }
    const route = {
      file: 'src/routes/api/auth/$.ts',
      text: [
        "import { createAuth } from '#/lib/auth'",
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: { handlers: { GET: ({ request, context }) => createAuth(context.env.DB).handler(request) } },',
        '})',
      ].join('\n'),
    }
    const [call] = factoryCalls(INSTANCE, [AUTH, server, route], ALIASES)
    expect(call).toMatchObject({
      args: 'env.DB',
      imports: [{ local: 'env', imported: 'env', module: 'cloudflare:workers' }],
    })
    expect(call?.local).toBeUndefined()
    // its executionCtx is no env
    const ctx = { ...route, text: route.text.replace('context.env.DB', 'context.executionCtx') }
    expect(factoryCalls(INSTANCE, [AUTH, server, ctx], ALIASES)[0]?.local).toBe('context.executionCtx')
  })

  it("skips kit-auth's own instance module, which copies the app's call", () => {
    const template = readFileSync('templates/init/lib/auth/instance.ts.hbs', 'utf8')
    expect(template).toContain(KIT_INSTANCE_MARKER)
    const own = {
      file: 'src/lib/auth/instance.ts',
      text: `import { createAuth } from '../auth'\n// ${KIT_INSTANCE_MARKER}\nexport const a = () => createAuth(1)\n`,
    }
    const files = [AUTH, DB, databaseMiddleware('createDB(env.DB)'), own]
    expect(factoryCalls(INSTANCE, files, ALIASES)).toEqual([])
  })

  it('copies a const of the calling function as its value (a shorthand gets its key), and no let', () => {
    const entry = (body: string) => ({
      file: 'src/server.ts',
      text: [
        "import { createAuth } from './lib/auth'",
        "import { createMailer } from './lib/mailer'",
        'export default {',
        '  fetch(request: Request, env: Env) {',
        `    ${body}`,
        '  },',
        '}',
      ].join('\n'),
    })
    const files = (body: string) => [
      AUTH,
      { file: 'src/lib/mailer.ts', text: 'export const createMailer = () => ({})\n' },
      entry(body),
    ]
    const [shorthand] = factoryCalls(
      INSTANCE,
      files('const mailer = createMailer()\n    return createAuth({ db: env.DB, mailer }).handler(request)'),
      ALIASES,
    )
    expect(shorthand).toMatchObject({
      args: '{ db: env.DB, mailer: createMailer() }',
      imports: [
        { local: 'env', module: 'cloudflare:workers' },
        { local: 'createMailer', file: 'src/lib/mailer.ts' },
      ],
    })
    expect(shorthand?.local).toBeUndefined()
    const [wrapped] = factoryCalls(
      INSTANCE,
      files('const db = env.A ?? env.B\n    return createAuth(db.x).handler(request)'),
      ALIASES,
    )
    expect(wrapped?.args).toBe('(env.A ?? env.B).x')
    const [mutable] = factoryCalls(
      INSTANCE,
      files('let db = env.A\n    return createAuth(db).handler(request)'),
      ALIASES,
    )
    expect(mutable?.local).toBe('db')
  })

  it('copies nothing that would change meaning: a clashing import, a changed or outer const, `this`, an unread context', () => {
    const entry = (body: string, more = '') => ({
      file: 'src/server.ts',
      text: [
        "import { createAuth } from './lib/auth'",
        "import { createMailer } from './lib/mailer'",
        "import { env } from './config'",
        more,
        'export default {',
        '  fetch(request: Request, bindings: Env) {',
        `    ${body}`,
        '  },',
        '}',
      ].join('\n'),
    })
    const files = (body: string, more = '') => [
      AUTH,
      { file: 'src/lib/mailer.ts', text: 'export const createMailer = () => ({})\n' },
      { file: 'src/config.ts', text: 'export const env = { SECRET: "s" }\n' },
      entry(body, more),
    ]
    const localOf = (body: string, more = '') => factoryCalls(INSTANCE, files(body, more), ALIASES)[0]?.local
    // the Worker's env becomes `env` from cloudflare:workers, which the app's own `env` import cannot share
    expect(localOf('return createAuth({ db: bindings.DB, secret: env.SECRET }).handler(request)')).toBe('env')
    // a const changed after it is made is not its initializer
    expect(
      localOf(
        "const options = { secret: 'dev' }\n    options.secret = 'x'\n    return createAuth(options).handler(request)",
      ),
    ).toBe('options')
    expect(
      localOf(
        "const options = { secret: 'dev' }\n    Object.assign(options, {})\n    return createAuth(options).handler(request)",
      ),
    ).toBe('options')
    // `this` means nothing in kit-auth's module-level accessor
    expect(localOf('const e = this.env\n    return createAuth(e).handler(request)')).toBe('this')
    // a const of an enclosing function is made once, not per request
    const outer = {
      file: 'src/middlewares/auth.ts',
      text: [
        "import { createMiddleware } from '@tanstack/react-start'",
        "import { createAuth } from '#/lib/auth'",
        "import { createDB } from '#/db'",
        'export function makeAuthMiddleware() {',
        '  const db = createDB(1)',
        '  return createMiddleware().server(({ next }) => next({ context: { auth: createAuth(db) } }))',
        '}',
      ].join('\n'),
    }
    expect(factoryCalls(INSTANCE, [AUTH, DB, outer], ALIASES)[0]?.local).toBe('db')
    // a middleware whose context kit-auth cannot read may set the key too; a mock's does not count
    const body = '({ next, context }) => next({ context: { auth: createAuth(context.db) } })'
    const unread = {
      file: 'src/middlewares/other.ts',
      text: 'export const m = createMiddleware().server(({ next }) => { const context = build(); return next({ context }) })',
    }
    const mock = { ...databaseMiddleware('createDB(env.MOCK)'), file: 'src/mocks/database.ts' }
    const calls = (extra: { file: string; text: string }) =>
      factoryCalls(INSTANCE, [AUTH, DB, databaseMiddleware('createDB(env.DB)'), extra, authMiddleware(body)], ALIASES)
    expect(calls(unread)[0]?.local).toBe('context.db')
    expect(calls(mock)[0]).toMatchObject({ args: 'createDB(env.DB)' })
  })
})
