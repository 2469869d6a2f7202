/**
 * Apps whose tsconfig sets `noPropertyAccessFromIndexSignature` (pdlug's, issue 12): what `init` and `add` write must
 * read no index-signature key with a dot (TS4111). The pages' validateSearch destructures its parameter (neutral
 * without the flag, and for ESLint's `dot-notation`); the `process.env.X` reads stay as written (Start's Vite `define`
 * replaces `process.env.TSS_SERVER_FN_BASE` textually) and their keys are declared in lib/auth/env.d.ts, only under
 * the flag. TypeScript itself checks the files (the app's tsconfig with @types/node; nothing is installed in the fast
 * set, so only TS4111 and the declaration conflicts TS2717/TS2687 are counted).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO, runCli } from '../helpers/cli.js'
import { copyFixture, init } from './support.js'

const COUNTED = new Set([4111, 2717, 2687])
const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** A copy of default-npm whose tsconfig gets the flag through `extends` (a base file), as strict setups do. */
function flaggedApp(): string {
  const app = copyFixture('default-npm')
  copies.push(app)
  const base = { compilerOptions: { noPropertyAccessFromIndexSignature: true, exactOptionalPropertyTypes: true } }
  writeFileSync(path.join(app, 'tsconfig.base.json'), JSON.stringify(base))
  const tsconfig = path.join(app, 'tsconfig.json')
  // JSONC (comments): `extends` goes in as text
  writeFileSync(tsconfig, read(app, 'tsconfig.json').replace('{', '{\n  "extends": "./tsconfig.base.json",'))
  return app
}

/** `file(line): TSxxxx message` for each TS4111/TS2717/TS2687 of the app's sources, under its own tsconfig. */
function indexSignatureErrors(app: string): string[] {
  const config = ts.readConfigFile(path.join(app, 'tsconfig.json'), ts.sys.readFile).config
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, app)
  const options = {
    ...parsed.options,
    types: ['node'],
    typeRoots: [path.join(REPO, 'node_modules/@types')],
    // the app's own declaration files too: a conflicting ProcessEnv key is TS2717 there
    skipLibCheck: false,
  }
  const files = parsed.fileNames.filter((file) => file.includes(`${path.sep}src${path.sep}`))
  const program = ts.createProgram(files, options)
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => COUNTED.has(diagnostic.code) && diagnostic.file?.fileName.startsWith(app))
    .filter((diagnostic) => diagnostic.code !== 4111 || !fromPackageTypes(app, diagnostic))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      const where = `${path.relative(app, diagnostic.file!.fileName)}(${line + 1})`
      return `${where}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`
    })
}

/**
 * A TS4111 outside the pages on a value other than `process.env`: packages do not resolve in the fast set, so a
 * Better Auth session's declared fields (`session.activeOrganizationId`) fall back to an index signature here only.
 * The real install (the heavy repro) checks those.
 */
function fromPackageTypes(app: string, diagnostic: ts.Diagnostic): boolean {
  const file = diagnostic.file!
  if (path.relative(app, file.fileName).startsWith(`src${path.sep}routes${path.sep}`)) return false
  // TS4111 points at the key: `process.env.|SMTP_URL`
  return !file.text.slice(0, diagnostic.start ?? 0).endsWith('process.env.')
}

function add(app: string, args: string[]): void {
  const result = runCli(['add', ...args, '--no-install'], { cwd: app })
  expect(result.code, result.stderr).toBe(0)
}

const read = (app: string, file: string) => readFileSync(path.join(app, file), 'utf8')
const ENV_TYPES = 'src/lib/auth/env.d.ts'

describe('noPropertyAccessFromIndexSignature', () => {
  it("init: the pages' validateSearch and lib/auth's process.env reads type-check, keys declared", () => {
    const app = flaggedApp()
    const result = init(app, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    expect(indexSignatureErrors(app)).toEqual([])
    for (const page of ['sign-in', 'sign-up', 'verify-email', 'reset-password'])
      expect(read(app, `src/routes/${page}.tsx`)).not.toMatch(/\bsearch\.\w/)
    // still written as Start's `define` replaces it, and declared
    expect(read(app, 'src/lib/auth/request-middleware.ts')).toContain('process.env.TSS_SERVER_FN_BASE')
    const declared = read(app, ENV_TYPES)
    for (const key of ['SMTP_URL', 'RESEND_API_KEY', 'EMAIL_FROM', 'NODE_ENV', 'TSS_SERVER_FN_BASE', 'DATABASE_PATH'])
      expect(declared).toContain(`      ${key}?: string\n`)
    // the check sees the reads the declaration covers
    rmSync(path.join(app, ENV_TYPES))
    const without = indexSignatureErrors(app)
    expect(without).toContainEqual(expect.stringMatching(/^src\/lib\/auth\/email\.ts\(\d+\): TS4111 .*'SMTP_URL'/))
    expect(without).toContainEqual(expect.stringMatching(/request-middleware\.ts\(\d+\): TS4111 .*TSS_SERVER_FN_BASE/))
  })

  it('add: two-factor, redis, passkey and Apple/Google sign-in type-check, the declaration kept up to date', () => {
    const app = flaggedApp()
    expect(init(app, ['--yes', '--no-install']).code).toBe(0)
    for (const args of [['two-factor'], ['redis'], ['passkey'], ['oauth', 'apple', 'google']]) add(app, args)
    expect(read(app, 'src/routes/two-factor.tsx')).not.toMatch(/\bsearch\.\w/)
    expect(indexSignatureErrors(app)).toEqual([])
    const declared = read(app, ENV_TYPES)
    for (const key of [
      'REDIS_URL',
      'REDIS_KEY_PREFIX',
      'BETTER_AUTH_URL',
      'APPLE_TEAM_ID',
      'GOOGLE_CLIENT_ID',
      'SMTP_URL',
    ])
      expect(declared).toContain(`      ${key}?: string\n`)
  })

  it("leaves out a key the app types itself (NODE_ENV as a union would be TS2717), and the app's file alone", () => {
    const app = flaggedApp()
    const own =
      'declare namespace NodeJS {\n' +
      "  interface ProcessEnv {\n    readonly NODE_ENV: 'development' | 'production'\n  }\n" +
      '}\n'
    writeFileSync(path.join(app, 'src/env.d.ts'), own)
    expect(init(app, ['--yes', '--no-install']).code).toBe(0)
    expect(read(app, ENV_TYPES)).not.toContain('NODE_ENV')
    expect(read(app, ENV_TYPES)).toContain('SMTP_URL?: string')
    expect(read(app, 'src/env.d.ts')).toBe(own)
    expect(indexSignatureErrors(app)).toEqual([])
  })

  it('writes no declaration without the flag', () => {
    const app = copyFixture('default-npm')
    copies.push(app)
    expect(init(app, ['--yes', '--no-install']).code).toBe(0)
    expect(existsSync(path.join(app, ENV_TYPES))).toBe(false)
    expect(read(app, 'src/routes/sign-in.tsx')).toContain(
      "redirect: typeof redirect === 'string' ? redirect : undefined",
    )
  })
})
