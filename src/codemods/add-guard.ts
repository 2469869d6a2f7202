import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import type { CodeStyle } from '../project/types.js'
import { applyEdits, indentAt, parseForEdit, type TextEdit } from './edits.js'
import { addNamedImports } from './imports.js'

/** One top-level declaration add-guard may append to a file. */
export interface Declaration {
  /** The name it declares; when the file already declares it, the declaration is skipped. */
  name: string
  /** The code, formatted in the app's style, ending with a newline. */
  code: string
  /** What it imports: module specifier (as written when the file has no import of that module yet) -> names. */
  imports?: Record<string, string[]>
  /** Local declarations of the same file it builds on (`requireAuth`, `authMiddleware`...). */
  uses?: string[]
}

export interface AppendOptions {
  style: CodeStyle
  /**
   * The specifier to import `module` with in this file: lets a file that reaches a sibling through
   * the alias (`#/lib/auth/session`) keep doing so. Defaults to `module` itself.
   */
  specifierFor?: (sourceFile: ts.SourceFile, module: string) => string
}

export interface AppendResult {
  text: string
  /** Names of the declarations appended, in order. */
  added: string[]
}

/**
 * Appends the declarations a file lacks at its end, and imports what they need: existing
 * imports of a module are extended, never duplicated; names the file already binds are not
 * imported again. Every byte of the existing text stays where it was.
 *
 * @example appendDeclarations(text, 'src/lib/auth/guards.ts', [{ name: 'requireEditorAuth', code, uses: ['requireRoleAuth'] }], { style })
 */
export function appendDeclarations(
  text: string,
  fileName: string,
  declarations: Declaration[],
  options: AppendOptions,
): AppendResult {
  const sourceFile = parse(text, fileName)
  const bound = boundNames(sourceFile)
  const missing: Declaration[] = []
  for (const declaration of declarations) {
    if (!bound.values.has(declaration.name) && !missing.some((other) => other.name === declaration.name))
      missing.push(declaration)
  }
  if (missing.length === 0) return { text, added: [] }

  const adding = new Set(missing.map((declaration) => declaration.name))
  for (const declaration of missing) {
    const absent = (declaration.uses ?? []).filter(
      (name) => !bound.values.has(name) && !bound.types.has(name) && !adding.has(name),
    )
    if (absent.length > 0) {
      throw new KitError(
        `${fileName} has no ${absent.map((name) => `\`${name}\``).join(', ')}: kit-auth builds \`${declaration.name}\` on ${absent.length === 1 ? 'it' : 'them'}.`,
        `Restore ${absent.length === 1 ? 'it' : 'them'} (see what \`kit-auth init\` generates), or add \`${declaration.name}\` by hand.`,
      )
    }
  }

  // Group wanted imports by the specifier this file uses, skipping names it already binds.
  const wanted = new Map<string, string[]>()
  for (const declaration of missing) {
    for (const [module, names] of Object.entries(declaration.imports ?? {})) {
      const specifier = options.specifierFor?.(sourceFile, module) ?? module
      const list = wanted.get(specifier) ?? []
      for (const name of names) {
        if (adding.has(name) || list.includes(name)) continue
        if (bound.values.has(name) && !importsNameFrom(sourceFile, specifier, name)) continue
        list.push(name)
      }
      wanted.set(specifier, list)
    }
  }
  const edits: TextEdit[] = []
  for (const [from, names] of wanted)
    if (names.length > 0) edits.push(...addNamedImports(sourceFile, { from, names }, options.style))

  const code = missing.map((declaration) => declaration.code.replace(/\n*$/, '\n')).join('\n')
  const lead = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n'
  edits.push({ start: text.length, end: text.length, text: lead + code })
  const result = wrapLongImports(applyEdits(text, edits), fileName, new Set(wanted.keys()), text, options.style)
  return { text: result, added: missing.map((declaration) => declaration.name) }
}

/**
 * Breaks the named imports of `modules` over several lines, as Prettier prints them, when an
 * import this run extended or added no longer fits in 80 columns. Imports it did not change stay
 * as they were, however long.
 */
function wrapLongImports(
  text: string,
  fileName: string,
  modules: Set<string>,
  before: string,
  style: CodeStyle,
): string {
  if (modules.size === 0) return text
  const sourceFile = parse(text, fileName)
  const edits: TextEdit[] = []
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !modules.has(statement.moduleSpecifier.text)
    )
      continue
    const source = statement.getText(sourceFile)
    const bindings = statement.importClause?.namedBindings
    if (source.includes('\n') || before.includes(source) || !bindings || !ts.isNamedImports(bindings)) continue
    const lineStart = text.lastIndexOf('\n', statement.getStart(sourceFile)) + 1
    const lineEnd = text.indexOf('\n', statement.end) === -1 ? text.length : text.indexOf('\n', statement.end)
    if (lineEnd - lineStart <= 80) continue
    const elements = bindings.elements.map((element) => `${style.indent || '  '}${element.getText(sourceFile)},`)
    edits.push({ start: bindings.getStart(sourceFile), end: bindings.end, text: `{\n${elements.join('\n')}\n}` })
  }
  return applyEdits(text, edits)
}

/** Names a file binds at the top level: `values` (functions, variables, classes, imports) and `types`. */
export function boundNames(sourceFile: ts.SourceFile): { values: Set<string>; types: Set<string> } {
  const values = new Set<string>()
  const types = new Set<string>()
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) values.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name)
  }
  for (const statement of sourceFile.statements) {
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      values.add(statement.name.text)
      if (ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) types.add(statement.name.text)
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name)
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      types.add(statement.name.text)
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause
      const target = clause.isTypeOnly ? types : values
      if (clause.name) target.add(clause.name.text)
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) target.add(bindings.name.text)
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) (element.isTypeOnly ? types : target).add(element.name.text)
      }
    }
  }
  return { values, types }
}

/** True when `name` is imported (as a value) from exactly `specifier`. */
function importsNameFrom(sourceFile: ts.SourceFile, specifier: string, name: string): boolean {
  return sourceFile.statements.some((statement) => {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      statement.moduleSpecifier.text !== specifier
    )
      return false
    const bindings = statement.importClause?.namedBindings
    return !!bindings && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === name)
  })
}

export interface PluginOptions {
  /** The call whose options object holds `plugins`: `betterAuth`, `createAuthClient`. */
  call: string
  /** Plugin factories to add, e.g. `['admin']` (added as `admin()`). */
  plugins: string[]
  /** Module to import them from, e.g. `better-auth/plugins`. */
  from: string
  /** An element that must stay last (`tanstackStartCookies`): new plugins go before it. */
  keepLast?: string
  style: CodeStyle
}

/**
 * Adds plugin calls (`admin()`) to the `plugins` array of `betterAuth({...})` or
 * `createAuthClient({...})`, before an element that must stay last, and imports them.
 * Plugins already listed are left alone; the rest of the file stays byte-identical.
 *
 * @example addPlugins(text, 'src/lib/auth/auth.ts', { call: 'betterAuth', plugins: ['admin'], from: 'better-auth/plugins', keepLast: 'tanstackStartCookies', style })
 */
export function addPlugins(text: string, fileName: string, options: PluginOptions): AppendResult {
  const sourceFile = parse(text, fileName)
  const call = findCall(sourceFile, options.call)
  const config = call?.arguments[0]
  const unsupported = (why: string) =>
    new KitError(
      `${fileName}: ${why}, so kit-auth cannot add ${options.plugins.map((name) => `${name}()`).join(', ')} to it.`,
      `Add ${options.plugins.map((name) => `${name}()`).join(' and ')} (from '${options.from}') to its plugins by hand, then run the command again.`,
    )
  if (!call || !config || !ts.isObjectLiteralExpression(config))
    throw unsupported(`no ${options.call}({ ... }) call found`)
  const property = config.properties.find(
    (element): element is ts.PropertyAssignment =>
      ts.isPropertyAssignment(element) && ts.isIdentifier(element.name) && element.name.text === 'plugins',
  )
  if (property && !ts.isArrayLiteralExpression(property.initializer))
    throw unsupported('its plugins are not an array literal')
  const list = property?.initializer as ts.ArrayLiteralExpression | undefined
  const listed = (name: string) =>
    list?.elements.some(
      (element) =>
        ts.isCallExpression(element) && ts.isIdentifier(element.expression) && element.expression.text === name,
    ) ?? false
  const missing = options.plugins.filter((name) => !listed(name))
  if (missing.length === 0) return { text, added: [] }

  const calls = missing.map((name) => `${name}()`)
  const edits: TextEdit[] = []
  if (!list) {
    const first = config.properties[0]
    const entry = `plugins: [${calls.join(', ')}]`
    if (first) {
      const at = config.properties.end
      const multiline = text.slice(config.getStart(sourceFile), first.getStart(sourceFile)).includes('\n')
      const gap = multiline ? `\n${indentAt(text, first.getStart(sourceFile))}` : ' '
      edits.push({
        start: at,
        end: at,
        text: config.properties.hasTrailingComma ? `${gap}${entry},` : `,${gap}${entry}`,
      })
    } else {
      edits.push({ start: config.getStart(sourceFile) + 1, end: config.end - 1, text: ` ${entry} ` })
    }
  } else {
    const elements = list.elements
    const multiline =
      elements.length > 0 && text.slice(list.getStart(sourceFile), elements[0]!.getStart(sourceFile)).includes('\n')
    const last = options.keepLast
      ? elements.find(
          (element) =>
            ts.isCallExpression(element) &&
            ts.isIdentifier(element.expression) &&
            element.expression.text === options.keepLast,
        )
      : undefined
    if (multiline) {
      const indent = indentAt(text, elements[0]!.getStart(sourceFile))
      if (last) {
        // before the element's leading comments ("Must stay last: ..."), on lines of their own
        edits.push({ start: last.pos, end: last.pos, text: calls.map((item) => `\n${indent}${item},`).join('') })
      } else {
        const added = elements.hasTrailingComma
          ? calls.map((item) => `\n${indent}${item},`)
          : calls.map((item) => `,\n${indent}${item}`)
        edits.push({ start: elements.end, end: elements.end, text: added.join('') })
      }
    } else {
      const items = elements.map((element) => element.getText(sourceFile))
      const at = last ? elements.indexOf(last) : items.length
      items.splice(at, 0, ...calls)
      const lineStart = text.lastIndexOf('\n', list.getStart(sourceFile)) + 1
      const lineEnd = text.indexOf('\n', list.end) === -1 ? text.length : text.indexOf('\n', list.end)
      const oneLine = `[${items.join(', ')}]`
      const width = list.getStart(sourceFile) - lineStart + oneLine.length + (lineEnd - list.end)
      if (width <= 80) {
        edits.push({ start: list.getStart(sourceFile), end: list.end, text: oneLine })
      } else {
        // what Prettier prints when the list no longer fits: one element a line, trailing comma
        const indent = indentAt(text, list.getStart(sourceFile))
        const inner = indent + (options.style.indent || '  ')
        edits.push({
          start: list.getStart(sourceFile),
          end: list.end,
          text: `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}]`,
        })
      }
    }
  }
  const imported = missing.filter((name) => !boundNames(sourceFile).values.has(name))
  if (imported.length > 0)
    edits.push(...addNamedImports(sourceFile, { from: options.from, names: imported }, options.style))
  return {
    text: wrapLongImports(applyEdits(text, edits), fileName, new Set([options.from]), text, options.style),
    added: missing,
  }
}

/**
 * Makes `isDeactivated(user)` honour the admin plugin's bans (what init generates with the admin
 * plugin): its final `return false` becomes the ban check. Returns the text unchanged (and
 * `patched: false`) when the function is missing, already mentions `banned`, or has another shape.
 */
export function addBanCheck(text: string, fileName: string, style: CodeStyle): { text: string; patched: boolean } {
  const sourceFile = parse(text, fileName)
  const fn = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === 'isDeactivated',
  )
  const body = fn?.body
  const parameter = fn?.parameters[0]?.name
  if (!body || !parameter || !ts.isIdentifier(parameter)) return { text, patched: false }
  if (/\bbanned\b/.test(body.getText(sourceFile))) return { text, patched: true }
  const last = body.statements.at(-1)
  if (!last || !ts.isReturnStatement(last) || last.expression?.kind !== ts.SyntaxKind.FalseKeyword)
    return { text, patched: false }
  const user = parameter.text
  const indent = indentAt(text, last.getStart(sourceFile))
  const semi = style.semicolons ? ';' : ''
  const replacement = [
    `if (!${user}.banned) return false${semi}`,
    `${indent}// The admin plugin lets bans expire; an expired ban no longer blocks.`,
    `${indent}return !${user}.banExpires || new Date(${user}.banExpires).getTime() > Date.now()${semi}`,
  ].join('\n')
  return {
    text: applyEdits(text, [{ start: last.getStart(sourceFile), end: last.end, text: replacement }]),
    patched: true,
  }
}

/**
 * Makes `getAccountContext()` report the active organization (what init generates with the
 * organization plugin): `const activeOrganizationId: string | null = null` reads the session's
 * `activeOrganizationId`, and the `requireSession()` destructuring gains `session`. Returns
 * `patched: false` when the function has another shape (the caller tells the user).
 */
export function addActiveOrganization(text: string, fileName: string): { text: string; patched: boolean } {
  const sourceFile = parse(text, fileName)
  const fn = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === 'getAccountContext',
  )
  if (!fn?.body) return { text, patched: false }
  const declarations = fn.body.statements
    .filter(ts.isVariableStatement)
    .flatMap((statement) => [...statement.declarationList.declarations])
  const active = declarations.find(
    (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'activeOrganizationId',
  )
  if (!active) return { text, patched: false }
  if (active.initializer?.kind !== ts.SyntaxKind.NullKeyword)
    return { text, patched: /activeOrganizationId/.test(active.initializer?.getText(sourceFile) ?? '') }
  const pattern = declarations.find(
    (declaration) =>
      ts.isObjectBindingPattern(declaration.name) &&
      declaration.initializer !== undefined &&
      /^await\s+requireSession\(\s*\)$/.test(declaration.initializer.getText(sourceFile)),
  )?.name as ts.ObjectBindingPattern | undefined
  if (!pattern || pattern.elements.length === 0) return { text, patched: false }
  const edits: TextEdit[] = [
    {
      start: active.getStart(sourceFile),
      end: active.end,
      text: 'activeOrganizationId = session?.activeOrganizationId ?? null',
    },
  ]
  const hasSession = pattern.elements.some(
    (element) => (element.propertyName ?? element.name).getText(sourceFile) === 'session',
  )
  if (!hasSession) {
    const last = pattern.elements.at(-1)!
    edits.push({ start: last.end, end: last.end, text: ', session' })
  } else if (
    !pattern.elements.some((element) => !element.propertyName && element.name.getText(sourceFile) === 'session')
  ) {
    return { text, patched: false }
  }
  return { text: applyEdits(text, edits), patched: true }
}

/** The first call of `name(...)` in the file. */
function findCall(sourceFile: ts.SourceFile, name: string): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = node
    else ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}

/** Reads a string constant's value: `export const SIGN_IN_PATH = '/sign-in'` -> `/sign-in`. */
export function stringConstant(text: string, fileName: string, name: string): string | null {
  const sourceFile = parse(text, fileName)
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        declaration.name.text === name &&
        declaration.initializer &&
        ts.isStringLiteralLike(declaration.initializer)
      ) {
        return declaration.initializer.text
      }
    }
  }
  return null
}

function parse(text: string, fileName: string): ts.SourceFile {
  return parseForEdit(text, fileName)
}
