import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import type { CodeStyle } from '../project/types.js'
import { applyEdits, indentAt, parseForEdit, type TextEdit } from './edits.js'
import { addNamedImports } from './imports.js'

/**
 * Adopting an app's own Better Auth setup: minimal text edits (located with the TypeScript AST)
 * to its `betterAuth({...})` instance and its `createAuthClient(...)` client. Every byte outside
 * the edited spans stays as it was; running an edit twice changes nothing the second time.
 */

/** What `init` needs to know about an app's Better Auth instance before generating around it. */
export interface AuthInstanceInfo {
  /** The variable holding the instance (`auth`), or null when it is not a module-level `const`. */
  localName: string | null
  /** True when the config names a `database` (or spreads something that may). */
  hasDatabase: boolean
  /** The adapter its database uses: the built-in Kysely one (SQLite, pg, MySQL...) or an ORM's. */
  adapter: 'kysely' | 'drizzle' | 'prisma' | 'mongodb' | null
  /** True when `emailAndPassword` is set in the config. */
  emailAndPassword: boolean
}

export interface AdoptAuthOptions {
  plugins: { admin: boolean; organization: boolean; apiTokens: boolean }
  /** Module specifier of the generated api-tokens module, as this file imports it. */
  apiTokensFrom: string
  /** The database to add when the config has none (the one our auth.ts template uses); null: never add one. */
  database:
    | { kind: 'sqlite'; path: string }
    | { kind: 'postgres' }
    /** The app's own Drizzle `db` (its export name, module) and the generated auth schema module. */
    | { kind: 'drizzle'; provider: string; dbExport: string; dbFrom: string; schemaFrom: string }
    | null
  /** Add `export` to the instance's `const` when it is not exported. */
  exportInstance?: boolean
  style: CodeStyle
}

export interface AdoptResult {
  text: string
  /** What was added or moved, for the report: `admin()`, `tanstackStartCookies() moved last`... */
  changes: string[]
  /** Things kit-auth could not do and the user should check. */
  notes: string[]
}

const COOKIES = ['tanstackStartCookies', 'reactStartCookies']
const COOKIES_FROM = 'better-auth/tanstack-start'
const PLUGINS_FROM = 'better-auth/plugins'
const CLIENT_PLUGINS_FROM = 'better-auth/client/plugins'
const MAX_WIDTH = 80

/** Reads the instance the way `init` plans around it (no edit). */
export function inspectAuthInstance(text: string, fileName: string): AuthInstanceInfo {
  const sourceFile = parse(text, fileName)
  const call = findCall(sourceFile, localNamesOf(sourceFile, 'better-auth', 'betterAuth'))
  const config = call && configOf(call)
  const declaration = call && declarationOf(call)
  const database = config && findProperty(config, 'database')
  const databaseText = database ? database.getText(sourceFile) : ''
  const spreads = !!config?.properties.some(ts.isSpreadAssignment)
  return {
    localName: declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : null,
    hasDatabase: !!database || spreads,
    adapter: database
      ? /drizzleAdapter\s*\(/.test(databaseText)
        ? 'drizzle'
        : /prismaAdapter\s*\(/.test(databaseText)
          ? 'prisma'
          : /mongodbAdapter\s*\(/.test(databaseText)
            ? 'mongodb'
            : 'kysely'
      : null,
    emailAndPassword: !!(config && findProperty(config, 'emailAndPassword')),
  }
}

/**
 * Brings an app's `betterAuth({...})` config up to what kit-auth's generated code needs: the
 * missing plugins (`admin()`, `organization()`, `apiTokens()`) in its `plugins` array (created
 * when missing), `tanstackStartCookies()` last (added when missing, moved when it is not last),
 * `user.additionalFields.deactivatedAt` (merged into existing objects) and, when the config has
 * none, a database. Imports what it adds. Already present things are left alone.
 *
 * @example adoptAuth(text, 'src/lib/auth.ts', { plugins: { admin: true, organization: true, apiTokens: true }, apiTokensFrom: '#/lib/auth/api-tokens', database: null, style })
 */
export function adoptAuth(text: string, fileName: string, options: AdoptAuthOptions): AdoptResult {
  const sourceFile = parse(text, fileName)
  const call = findCall(sourceFile, localNamesOf(sourceFile, 'better-auth', 'betterAuth'))
  const unsupported = (why: string, hint: string) =>
    new KitError(`${fileName}: ${why}, so kit-auth cannot adopt this Better Auth instance.`, hint)
  if (!call)
    throw unsupported(
      'no betterAuth(...) call found',
      'Create the instance with `export const auth = betterAuth({ ... })`, then run kit-auth init again.',
    )
  const config = configOf(call)
  if (call.arguments.length > 0 && !config) {
    throw unsupported(
      'its options are not an object literal kit-auth can read',
      'Pass the options inline (`betterAuth({ ... })`) or as a `const` object in the same file, then run kit-auth init again.',
    )
  }
  const edits: TextEdit[] = []
  const changes: string[] = []
  const notes: string[] = []
  const imports = importedNames(sourceFile)
  const bound = boundNames(sourceFile)
  const quote = options.style.quote === 'single' ? "'" : '"'
  const semi = options.style.semicolons ? ';' : ''
  const unit = options.style.indent || '  '
  const spreads = !!config?.properties.some(ts.isSpreadAssignment)
  /** Properties to add to the config object (each as lines), before its first one and after its last one. */
  const addFirst: string[][] = []
  const addLast: string[][] = []
  const namedImports = (from: string, names: string[]) => {
    const needed = names.filter((name) => !bound.has(name))
    if (needed.length > 0) edits.push(...addNamedImports(sourceFile, { from, names: needed }, options.style))
  }

  // plugins: the missing ones, then tanstackStartCookies() last
  const wanted = (['admin', 'organization', 'apiTokens'] as const).filter((name) => options.plugins[name])
  const pluginsProperty = config ? findProperty(config, 'plugins') : undefined
  const pluginsValue = pluginsProperty && resolveValue(pluginsProperty)
  if (pluginsProperty && (!pluginsValue || !ts.isArrayLiteralExpression(pluginsValue))) {
    throw unsupported(
      'its `plugins` are not an array literal',
      `Add ${wanted.map((name) => `${name}()`).join(', ')} and tanstackStartCookies() (last) to its plugins by hand, then run kit-auth init again.`,
    )
  }
  if (!pluginsProperty && spreads) {
    throw unsupported(
      'its options spread another object that may hold `plugins`',
      'List `plugins: [...]` in the betterAuth({ ... }) call itself, then run kit-auth init again.',
    )
  }
  const list = pluginsValue as ts.ArrayLiteralExpression | undefined
  const pluginName = (element: ts.Expression) => calleeName(element, imports)
  const present = new Set(list?.elements.map(pluginName).filter((name): name is string => !!name))
  const missing = wanted.filter((name) => !present.has(name))
  const cookies = list?.elements.find((element) => COOKIES.includes(pluginName(element) ?? ''))
  const cookiesLast = !!cookies && cookies === list!.elements.at(-1)
  const calls = missing.map((name) => `${name}()`)
  if (list) {
    edits.push(
      ...pluginEdits(text, sourceFile, list, calls, { element: cookies, code: 'tanstackStartCookies()' }, unit),
    )
  } else {
    addLast.push(['plugins: [', ...[...calls, 'tanstackStartCookies()'].map((item) => `${unit}${item},`), ']'])
  }
  changes.push(...calls)
  if (!cookies) changes.push('tanstackStartCookies()')
  else if (!cookiesLast) changes.push(`${cookies.getText(sourceFile)} moved last`)
  namedImports(
    PLUGINS_FROM,
    missing.filter((name) => name !== 'apiTokens'),
  )
  if (missing.includes('apiTokens')) namedImports(options.apiTokensFrom, ['apiTokens'])
  if (!cookies) namedImports(COOKIES_FROM, ['tanstackStartCookies'])

  // user.additionalFields.deactivatedAt, merged into what is there
  const field = [
    '// Set it to lock a user out: getSession() treats them as anonymous.',
    `deactivatedAt: { type: ${quote}date${quote}, required: false, input: false }`,
  ]
  const byHand = (where: string) =>
    notes.push(
      `${fileName}: add \`deactivatedAt: { type: 'date', required: false, input: false }\` to ${where} by hand: kit-auth cannot read it (getSession() checks it).`,
    )
  const userProperty = config ? findProperty(config, 'user') : undefined
  const user = userProperty && resolveValue(userProperty)
  if (!userProperty) {
    if (spreads) byHand('`user.additionalFields` of the Better Auth options (they spread another object)')
    else {
      addLast.push([
        'user: {',
        `${unit}additionalFields: {`,
        ...field
          .map((line) => `${unit}${unit}${line}`)
          .map((line, index) => (index === field.length - 1 ? `${line},` : line)),
        `${unit}},`,
        '}',
      ])
      changes.push('user.additionalFields.deactivatedAt')
    }
  } else if (user && ts.isObjectLiteralExpression(user)) {
    const fieldsProperty = findProperty(user, 'additionalFields')
    const fields = fieldsProperty && resolveValue(fieldsProperty)
    if (!fieldsProperty) {
      edits.push(
        ...propertyEdits(
          text,
          sourceFile,
          user,
          [],
          [
            [
              'additionalFields: {',
              ...field
                .map((line) => `${unit}${line}`)
                .map((line, index) => (index === field.length - 1 ? `${line},` : line)),
              '}',
            ],
          ],
          unit,
        ),
      )
      changes.push('user.additionalFields.deactivatedAt')
    } else if (fields && ts.isObjectLiteralExpression(fields)) {
      if (!findProperty(fields, 'deactivatedAt')) {
        edits.push(...propertyEdits(text, sourceFile, fields, [], [field], unit))
        changes.push('user.additionalFields.deactivatedAt')
      }
    } else {
      byHand('`user.additionalFields`')
    }
  } else {
    byHand('`user.additionalFields`')
  }

  // a database, only when the config names none
  const hasDatabase = !!(config && findProperty(config, 'database')) || spreads
  if (!hasDatabase && options.database) {
    if (options.database.kind === 'sqlite') {
      // before the statement that holds the options (a `const options = {...}` may come before the call)
      const at = leadingCommentStart(text, topLevelStatementOf(config ?? call))
      edits.push({
        start: at,
        end: at,
        text: `const databasePath = process.env.DATABASE_PATH ?? ${quote}${options.database.path}${quote}${semi}\nmkdirSync(dirname(databasePath), { recursive: true })${semi}\n\n`,
      })
      addFirst.push(['database: new Database(databasePath)'])
      namedImports('node:fs', ['mkdirSync'])
      namedImports('node:path', ['dirname'])
      if (!bound.has('Database'))
        edits.push(
          ...addImportLine(
            sourceFile,
            `import Database from ${quoted('better-sqlite3', options.style)}`,
            options.style,
          ),
        )
      changes.push('database (SQLite, better-sqlite3)')
    } else if (options.database.kind === 'drizzle') {
      const { provider, dbExport, dbFrom, schemaFrom } = options.database
      addFirst.push([
        `database: drizzleAdapter(${dbExport}, { provider: ${quote}${provider}${quote}, schema: authSchema })`,
      ])
      namedImports('better-auth/adapters/drizzle', ['drizzleAdapter'])
      namedImports(dbFrom, [dbExport])
      if (!bound.has('authSchema'))
        edits.push(
          ...addImportLine(
            sourceFile,
            `import * as authSchema from ${quoted(schemaFrom, options.style)}`,
            options.style,
          ),
        )
      changes.push(`database (your Drizzle ${dbExport}, ${provider})`)
    } else {
      addFirst.push(['database: new Pool({ connectionString: process.env.DATABASE_URL })'])
      namedImports('pg', ['Pool'])
      changes.push('database (PostgreSQL, pg)')
    }
  }

  if (config) {
    edits.push(...propertyEdits(text, sourceFile, config, addFirst, addLast, unit))
  } else if (addFirst.length + addLast.length > 0) {
    // betterAuth() without options
    const indent = indentAt(text, call.getStart(sourceFile))
    const body = [...addFirst, ...addLast]
      .map((lines) =>
        lines.map((line, index) => `${indent}${unit}${line}${index === lines.length - 1 ? ',' : ''}`).join('\n'),
      )
      .join('\n')
    edits.push({ start: call.arguments.pos, end: call.arguments.end, text: `{\n${body}\n${indent}}` })
  }

  if (options.exportInstance) {
    const declaration = declarationOf(call)
    const statement = declaration?.parent.parent
    if (!declaration || !statement || !ts.isVariableStatement(statement) || statement.parent !== sourceFile) {
      throw unsupported(
        'the instance is not a module-level `const`',
        'Export it: `export const auth = betterAuth({ ... })`, then run kit-auth init again.',
      )
    }
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) {
      edits.push({ start: statement.getStart(sourceFile), end: statement.getStart(sourceFile), text: 'export ' })
      changes.push(`export ${declaration.name.getText(sourceFile)}`)
    }
  }

  if (edits.length === 0) return { text, changes: [], notes }
  return { text: wrapLongImports(applyEdits(text, edits), fileName, text, options.style), changes, notes }
}

export interface AdoptClientOptions {
  admin: boolean
  organization: boolean
  /** How the client file imports the auth instance's type: `{ from: '#/lib/auth', clause: '{ auth }' }`. */
  authType: { from: string; clause: string }
  style: CodeStyle
}

/**
 * Adds the client plugins kit-auth's generated code relies on (`inferAdditionalFields<typeof auth>()`,
 * `adminClient()`, `organizationClient()`) to an app's `createAuthClient(...)`, creating its
 * options or `plugins` when missing, and imports them (the instance as a type only).
 *
 * @example adoptAuthClient(text, 'src/lib/auth-client.ts', { admin: true, organization: true, authType: { from: '#/lib/auth', clause: '{ auth }' }, style })
 */
export function adoptAuthClient(text: string, fileName: string, options: AdoptClientOptions): AdoptResult {
  const sourceFile = parse(text, fileName)
  const call = findCall(sourceFile, localNamesOf(sourceFile, 'better-auth/', 'createAuthClient'))
  const unsupported = (why: string) =>
    new KitError(
      `${fileName}: ${why}, so kit-auth cannot add its client plugins.`,
      'Add adminClient() and organizationClient() (from better-auth/client/plugins) to the client by hand, or run kit-auth init again and let it generate its own client.',
    )
  if (!call) throw unsupported('no createAuthClient(...) call found')
  const config = configOf(call)
  if (call.arguments.length > 0 && !config) throw unsupported('its options are not an object literal')
  const imports = importedNames(sourceFile)
  const bound = boundNames(sourceFile)
  const unit = options.style.indent || '  '
  const edits: TextEdit[] = []
  const wanted = [
    'inferAdditionalFields',
    options.admin && 'adminClient',
    options.organization && 'organizationClient',
  ].filter((name): name is string => typeof name === 'string')
  const property = config ? findProperty(config, 'plugins') : undefined
  const value = property && resolveValue(property)
  if (property && (!value || !ts.isArrayLiteralExpression(value)))
    throw unsupported('its `plugins` are not an array literal')
  const list = value as ts.ArrayLiteralExpression | undefined
  const present = new Set(
    list?.elements.map((element) => calleeName(element, imports)).filter((name): name is string => !!name),
  )
  const missing = wanted.filter((name) => !present.has(name))
  if (missing.length === 0) return { text, changes: [], notes: [] }
  const calls = missing.map((name) =>
    name === 'inferAdditionalFields' ? 'inferAdditionalFields<typeof auth>()' : `${name}()`,
  )
  if (list) {
    edits.push(...pluginEdits(text, sourceFile, list, calls, null, unit))
  } else if (config) {
    if (config.properties.some(ts.isSpreadAssignment))
      throw unsupported('its options spread another object that may hold `plugins`')
    edits.push(
      ...propertyEdits(
        text,
        sourceFile,
        config,
        [],
        [['plugins: [', ...calls.map((item) => `${unit}${item},`), ']']],
        unit,
      ),
    )
  } else {
    const indent = indentAt(text, call.getStart(sourceFile))
    edits.push({
      start: call.arguments.pos,
      end: call.arguments.end,
      text: `{\n${indent}${unit}plugins: [\n${calls.map((item) => `${indent}${unit}${unit}${item},`).join('\n')}\n${indent}${unit}],\n${indent}}`,
    })
  }
  const fromPlugins = missing.filter((name) => !bound.has(name))
  if (fromPlugins.length > 0)
    edits.push(...addNamedImports(sourceFile, { from: CLIENT_PLUGINS_FROM, names: fromPlugins }, options.style))
  if (missing.includes('inferAdditionalFields') && !bound.has('auth'))
    edits.push(
      ...addImportLine(
        sourceFile,
        `import type ${options.authType.clause} from ${quoted(options.authType.from, options.style)}`,
        options.style,
      ),
    )
  return { text: wrapLongImports(applyEdits(text, edits), fileName, text, options.style), changes: calls, notes: [] }
}

/** A module-level `createAuthClient(...)` in a source text: the name it is exported under, `default`, or null when not reusable. */
export function findAuthClient(text: string, fileName: string): { exportName: string | null } | undefined {
  if (!text.includes('createAuthClient')) return undefined
  const sourceFile = parse(text, fileName, false)
  const call = findCall(sourceFile, localNamesOf(sourceFile, 'better-auth/', 'createAuthClient'))
  if (!call) return undefined
  let owner: ts.Node = call.parent
  while (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isSatisfiesExpression(owner))
    owner = owner.parent
  if (ts.isExportAssignment(owner)) return { exportName: 'default' }
  if (!ts.isVariableDeclaration(owner) || !ts.isIdentifier(owner.name)) return { exportName: null }
  const statement = owner.parent.parent
  if (!ts.isVariableStatement(statement) || statement.parent !== sourceFile) return { exportName: null }
  if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))
    return { exportName: owner.name.text }
  const local = owner.name.text
  for (const other of sourceFile.statements) {
    if (ts.isExportAssignment(other) && ts.isIdentifier(other.expression) && other.expression.text === local)
      return { exportName: 'default' }
    if (
      ts.isExportDeclaration(other) &&
      !other.moduleSpecifier &&
      other.exportClause &&
      ts.isNamedExports(other.exportClause)
    ) {
      const element = other.exportClause.elements.find(
        (item) => (item.propertyName ?? item.name).getText(sourceFile) === local,
      )
      if (element) return { exportName: element.name.getText(sourceFile) }
    }
  }
  return { exportName: null }
}

/**
 * Makes a route accept the `redirect` search param the generated guards send to sign-in
 * (`redirect({ to, search: { redirect } })` does not type-check against a route without
 * `validateSearch`): adds a `validateSearch` that keeps an optional `redirect` string as the first
 * option of its `createFileRoute(...)({...})`. `present`: it has one already (`mentionsRedirect`
 * says whether it names `redirect`); `unsupported`: no inline options object found.
 *
 * @example addRedirectSearch(text, 'src/routes/login.tsx', style).status // 'added'
 */
export function addRedirectSearch(
  text: string,
  fileName: string,
  style: CodeStyle,
): { text: string; status: 'added' | 'present' | 'unsupported'; mentionsRedirect: boolean } {
  const sourceFile = parse(text, fileName)
  let options: ts.ObjectLiteralExpression | null = null
  const visit = (node: ts.Node): void => {
    if (options) return
    if (
      ts.isCallExpression(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'createFileRoute'
    ) {
      const argument = node.arguments[0]
      const value = argument && resolveExpression(argument)
      if (value && ts.isObjectLiteralExpression(value)) options = value
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  const found = options as ts.ObjectLiteralExpression | null
  if (!found) return { text, status: 'unsupported', mentionsRedirect: false }
  const existing = findProperty(found, 'validateSearch')
  if (existing) return { text, status: 'present', mentionsRedirect: /\bredirect\b/.test(existing.getText(sourceFile)) }
  const quote = style.quote === 'single' ? "'" : '"'
  const unit = style.indent || '  '
  const property = [
    'validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({',
    `${unit}redirect: typeof search.redirect === ${quote}string${quote} ? search.redirect : undefined,`,
    '})',
  ]
  return {
    text: applyEdits(text, propertyEdits(text, sourceFile, found, [property], [], unit)),
    status: 'added',
    mentionsRedirect: true,
  }
}

/**
 * The import clause that binds `local` to a module's export `exportName`:
 * `auth` -> `{ auth }`, `myAuth` -> `{ myAuth as auth }`, `default` -> `auth`.
 */
export function importClause(exportName: string, local: string): string {
  if (exportName === 'default') return local
  return exportName === local ? `{ ${local} }` : `{ ${exportName} as ${local} }`
}

// ---------------------------------------------------------------------------------------------

/** An element to put last in a plugins array: an existing one (moved when not last) or new code. */
interface LastElement {
  element?: ts.Expression
  code: string
}

/** The same-line comment right after `position` (`// keep last`), as [start of the spaces, end]. */
function sameLineComment(text: string, position: number): { end: number; comment: string } {
  const match = /^[ \t]*(\/\/[^\n]*|\/\*[^\n]*?\*\/)/.exec(text.slice(position))
  return match ? { end: position + match[0].length, comment: match[1]!.trimEnd() } : { end: position, comment: '' }
}

/**
 * Edits that add `calls` to an array literal and leave `last` as its last element: an existing
 * element that is not last is moved there with its comments; a missing one is added.
 */
function pluginEdits(
  text: string,
  sourceFile: ts.SourceFile,
  list: ts.ArrayLiteralExpression,
  calls: string[],
  last: LastElement | null,
  unit: string,
): TextEdit[] {
  const elements = list.elements
  const final = elements.at(-1)
  const lastInPlace = !!last?.element && last.element === final
  if (calls.length === 0 && (!last || lastInPlace)) return []
  if (elements.length === 0)
    return [
      {
        start: list.getStart(sourceFile),
        end: list.end,
        text: arrayText(text, sourceFile, list, [...calls, ...(last ? [last.code] : [])], unit),
      },
    ]
  const multiline = text.slice(list.getStart(sourceFile), elements[0]!.getStart(sourceFile)).includes('\n')
  if (!multiline) {
    const items = elements.filter((element) => element !== last?.element).map((element) => element.getText(sourceFile))
    items.push(...calls)
    if (last) items.push(last.element ? last.element.getText(sourceFile) : last.code)
    return [{ start: list.getStart(sourceFile), end: list.end, text: arrayText(text, sourceFile, list, items, unit) }]
  }
  const indent = indentAt(text, elements[0]!.getStart(sourceFile))
  if (lastInPlace) {
    // before the element's leading comments ("Must stay last: ..."), on lines of their own
    const element = last!.element!
    const lead = text.slice(element.pos, element.getStart(sourceFile))
    if (!lead.includes('\n'))
      return [
        {
          start: element.getStart(sourceFile),
          end: element.getStart(sourceFile),
          text: calls.map((item) => `${item}, `).join(''),
        },
      ]
    const at = element.pos + lead.indexOf('\n')
    return [{ start: at, end: at, text: calls.map((item) => `\n${indent}${item},`).join('') }]
  }
  const edits: TextEdit[] = []
  /** Lines to append: the code (possibly several lines, indented) and a same-line comment. */
  const tail: { code: string; comment: string }[] = calls.map((item) => ({ code: `${indent}${item}`, comment: '' }))
  if (last?.element) {
    const element = last.element
    const next = elements[elements.indexOf(element) + 1]!
    const lead = text.slice(element.pos, element.getStart(sourceFile))
    const from = lead.includes('\n') ? element.pos + lead.indexOf('\n') : element.getStart(sourceFile)
    const trailing = sameLineComment(text, next.pos)
    edits.push({ start: from, end: trailing.end, text: '' })
    const code = lead.includes('\n') ? text.slice(from + 1, element.end) : `${indent}${element.getText(sourceFile)}`
    tail.push({ code, comment: trailing.comment })
  } else if (last) {
    tail.push({ code: `${indent}${last.code}`, comment: '' })
  }
  const trailingComma = elements.hasTrailingComma
  if (!trailingComma) edits.push({ start: final!.end, end: final!.end, text: ',' })
  const at = sameLineComment(text, elements.end).end
  const added = tail.map((item, index) => {
    const comma = trailingComma || index < tail.length - 1 ? ',' : ''
    return `\n${item.code}${comma}${item.comment ? ` ${item.comment}` : ''}`
  })
  edits.push({ start: at, end: at, text: added.join('') })
  return edits
}

/** `[a, b]` when it fits on its line in 80 columns, else one element a line (what Prettier prints). */
function arrayText(
  text: string,
  sourceFile: ts.SourceFile,
  list: ts.ArrayLiteralExpression,
  items: string[],
  unit: string,
): string {
  const lineStart = text.lastIndexOf('\n', list.getStart(sourceFile)) + 1
  const lineEnd = text.indexOf('\n', list.end) === -1 ? text.length : text.indexOf('\n', list.end)
  const oneLine = `[${items.join(', ')}]`
  if (list.getStart(sourceFile) - lineStart + oneLine.length + (lineEnd - list.end) <= MAX_WIDTH) return oneLine
  const indent = indentAt(text, list.getStart(sourceFile))
  return `[\n${items.map((item) => `${indent}${unit}${item},`).join('\n')}\n${indent}]`
}

/**
 * Edits that add properties to an object literal, `first` before its first property and `last`
 * after its last one. Each property is given as lines (inner lines indented relative to the first,
 * without the final comma). A one-line object is spread over lines first (only whitespace changes
 * there), as Prettier prints an object that no longer fits.
 */
function propertyEdits(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  first: string[][],
  last: string[][],
  unit: string,
): TextEdit[] {
  if (first.length + last.length === 0) return []
  const props = object.properties
  const block = (lines: string[], indent: string) =>
    lines.map((line, index) => `${indent}${line}${index === lines.length - 1 ? ',' : ''}`).join('\n')
  const head = props[0]
  const multiline = head ? text.slice(object.getStart(sourceFile), head.getStart(sourceFile)).includes('\n') : false
  if (!head || !multiline) {
    const indent = indentAt(text, object.getStart(sourceFile))
    const inner = indent + unit
    const open = object.getStart(sourceFile) + 1
    const close = object.end - 1
    const before = first.map((lines) => `\n${block(lines, inner)}`).join('')
    const after = last.map((lines) => `\n${block(lines, inner)}`).join('')
    if (!head) return [{ start: open, end: close, text: `${before}${after}\n${indent}` }]
    const edits: TextEdit[] = [{ start: open, end: head.getStart(sourceFile), text: `${before}\n${inner}` }]
    for (let index = 1; index < props.length; index++) {
      edits.push({ start: props[index - 1]!.end, end: props[index]!.getStart(sourceFile), text: `,\n${inner}` })
    }
    const final = props[props.length - 1]!
    edits.push({ start: final.end, end: close, text: `,${after}\n${indent}` })
    return edits
  }
  const indent = indentAt(text, head.getStart(sourceFile))
  const edits: TextEdit[] = []
  if (first.length > 0) {
    const at = leadingCommentStart(text, head)
    edits.push({
      start: at,
      end: at,
      text: first.map((lines) => `${block(lines, indent).slice(indent.length)}\n${indent}`).join(''),
    })
  }
  if (last.length > 0) {
    const final = props[props.length - 1]!
    if (!props.hasTrailingComma) edits.push({ start: final.end, end: final.end, text: ',' })
    const at = sameLineComment(text, props.end).end
    edits.push({ start: at, end: at, text: last.map((lines) => `\n${block(lines, indent)}`).join('') })
  }
  return edits
}

/**
 * Breaks the named imports this edit added or extended over several lines, as Prettier prints
 * them, when they no longer fit in 80 columns. Imports that were already there stay as they were.
 */
function wrapLongImports(text: string, fileName: string, before: string, style: CodeStyle): string {
  const sourceFile = parse(text, fileName, false)
  const edits: TextEdit[] = []
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue
    const source = statement.getText(sourceFile)
    const bindings = statement.importClause?.namedBindings
    if (source.includes('\n') || before.includes(source) || !bindings || !ts.isNamedImports(bindings)) continue
    const lineStart = text.lastIndexOf('\n', statement.getStart(sourceFile)) + 1
    const lineEnd = text.indexOf('\n', statement.end) === -1 ? text.length : text.indexOf('\n', statement.end)
    if (lineEnd - lineStart <= MAX_WIDTH) continue
    const elements = bindings.elements.map((element) => `${style.indent || '  '}${element.getText(sourceFile)},`)
    edits.push({ start: bindings.getStart(sourceFile), end: bindings.end, text: `{\n${elements.join('\n')}\n}` })
  }
  return edits.length > 0 ? applyEdits(text, edits) : text
}

/** Where a node's leading comments start (or the node itself when it has none). */
function leadingCommentStart(text: string, node: ts.Node): number {
  const comments = ts.getLeadingCommentRanges(text, node.pos)
  return comments?.[0]?.pos ?? node.getStart()
}

/** The statement of the file that holds `node`. */
function topLevelStatementOf(node: ts.Node): ts.Node {
  let current = node
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent
  return current
}

/** The first call of one of `names(...)` in the file. */
function findCall(sourceFile: ts.SourceFile, names: Set<string>): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) found = node
    else ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}

/** `name` and the local names it is imported under from modules starting with `modulePrefix`. */
function localNamesOf(sourceFile: ts.SourceFile, modulePrefix: string, name: string): Set<string> {
  const names = new Set([name])
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !statement.moduleSpecifier.text.startsWith(modulePrefix)
    )
      continue
    const bindings = statement.importClause?.namedBindings
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        if ((element.propertyName ?? element.name).text === name) names.add(element.name.text)
    }
  }
  return names
}

/** The object literal a config call is given (inline, wrapped in `satisfies`/`as`, or a same-file `const`). */
function configOf(call: ts.CallExpression): ts.ObjectLiteralExpression | null {
  const argument = call.arguments[0]
  if (!argument) return null
  const value = resolveExpression(argument)
  return ts.isObjectLiteralExpression(value) ? value : null
}

/** The variable declaration a call initializes (`const auth = betterAuth(...)`), through `satisfies`/`as`. */
function declarationOf(call: ts.CallExpression): ts.VariableDeclaration | null {
  let owner: ts.Node = call.parent
  while (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isSatisfiesExpression(owner))
    owner = owner.parent
  return ts.isVariableDeclaration(owner) ? owner : null
}

/** Strips parentheses, `as`, `satisfies`, `!` and follows identifiers to same-file `const` initializers. */
function resolveExpression(expression: ts.Expression, hops = 0): ts.Expression {
  let node = expression
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node)
  )
    node = node.expression
  if (ts.isIdentifier(node) && hops < 10) {
    const initializer = constInitializer(node.getSourceFile(), node.text)
    if (initializer) return resolveExpression(initializer, hops + 1)
  }
  return node
}

function constInitializer(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer
    }
  }
  return undefined
}

/** A property (`name: x`, `'name': x`, shorthand `name`, method) of an object literal. */
function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((property) => {
    if (ts.isSpreadAssignment(property) || !property.name) return false
    const key = property.name
    return (
      (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) && key.text === name
    )
  })
}

/** The value a property holds, resolved (null for methods and accessors). */
function resolveValue(property: ts.ObjectLiteralElementLike): ts.Expression | null {
  if (ts.isPropertyAssignment(property)) return resolveExpression(property.initializer)
  if (ts.isShorthandPropertyAssignment(property)) return resolveExpression(property.name)
  return null
}

/** Local name -> imported name, for every named import of the file. */
function importedNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>()
  for (const statement of sourceFile.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined
    if (bindings && ts.isNamedImports(bindings))
      for (const element of bindings.elements) names.set(element.name.text, (element.propertyName ?? element.name).text)
  }
  return names
}

/** The plugin factory an element calls (`admin()`, `plugins.admin()`, `adminPlugin()` imported `as`), by its imported name. */
function calleeName(element: ts.Expression, imports: Map<string, string>): string | null {
  let node = element
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    node = node.expression
  if (!ts.isCallExpression(node)) return null
  const callee = node.expression
  if (ts.isIdentifier(callee)) return imports.get(callee.text) ?? callee.text
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text
  return null
}

/** Names the file binds at the top level (imports, variables, functions, classes). */
function boundNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>()
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name)
  }
  for (const statement of sourceFile.statements) {
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      names.add(statement.name.text)
    else if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name)
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause
      if (clause.name) names.add(clause.name.text)
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text)
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text)
    }
  }
  return names
}

function quoted(value: string, style: CodeStyle): string {
  const quote = style.quote === 'single' ? "'" : '"'
  return `${quote}${value}${quote}`
}

/** Adds an import line after the last import (or at the top). */
function addImportLine(sourceFile: ts.SourceFile, line: string, style: CodeStyle): TextEdit[] {
  const statement = `${line}${style.semicolons ? ';' : ''}`
  const lastImport = sourceFile.statements.filter(ts.isImportDeclaration).at(-1)
  if (lastImport) return [{ start: lastImport.end, end: lastImport.end, text: `\n${statement}` }]
  return [{ start: 0, end: 0, text: `${statement}\n\n` }]
}

/** Strict parses refuse a file with syntax errors; lenient ones (read-only lookups) take what parses. */
function parse(text: string, fileName: string, strict = true): ts.SourceFile {
  if (strict) return parseForEdit(text, fileName, 'run kit-auth init again')
  return ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
}
