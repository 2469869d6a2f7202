import path from 'node:path'
import ts from '../../lib/typescript.js'
import { parseSource, walk } from './ast.js'
import { listFiles, readText, relPosix } from './files.js'
import { isSourceFile } from './sources.js'
import type { ImportAlias, ProjectInfo } from './types.js'
import { factoryCalls } from './factory-calls.js'
import { callsHandlerOf, importedBindings } from './imported-bindings.js'
import { appModulePath, moduleCandidates } from './modules.js'
import { enclosingFactory, findCalls, type Factory } from '../codemods/js/calls.js'
import { exportedName } from '../codemods/js/exports.js'

/** How many of the app's source files are searched for an auth instance (or client). */
const MAX_SCANNED_FILES = 2000

/** Local names of `betterAuth` in the file (`import { betterAuth as createAuth } from 'better-auth'`). */
function betterAuthNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set(['betterAuth'])
  for (const node of walk(sourceFile)) {
    if (ts.isImportSpecifier(node) && (node.propertyName ?? node.name).text === 'betterAuth') names.add(node.name.text)
  }
  return names
}

/**
 * Finds a `betterAuth(...)` call in a source text and the name its instance is exported under:
 * `export const auth = betterAuth({...})` -> `auth`, `export default betterAuth({...})` -> `default`,
 * not exported -> null; made inside a module-level function (`export const createAuth = (env) =>
 * betterAuth({...})`, `createServerOnlyFn(() => betterAuth({...}))`) -> that function's export
 * name and `factory` (but a const the file exports that holds the result of such a function without
 * parameters, `export const auth = getAuthConfig()`, is the instance itself). Returns undefined when
 * the file makes no such call (mentions in comments or strings do not count).
 * @example findBetterAuth("export const auth = betterAuth({})", 'auth.ts') // { exportName: 'auth' }
 */
export function findBetterAuth(
  text: string,
  fileName: string,
): { exportName: string | null; factory?: Factory } | undefined {
  if (!text.includes('betterAuth')) return undefined
  const sourceFile = parseSource(text, fileName)
  const names = betterAuthNames(sourceFile)
  const heldBy = (factoryName: string) => exportedResultOf(sourceFile, factoryName)
  for (const node of walk(sourceFile)) {
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || !names.has(node.expression.text)) continue
    let owner: ts.Node = node.parent
    while (
      ts.isParenthesizedExpression(owner) ||
      ts.isAsExpression(owner) ||
      ts.isSatisfiesExpression(owner) ||
      ts.isAwaitExpression(owner)
    )
      owner = owner.parent
    if (ts.isExportAssignment(owner)) return { exportName: 'default' }
    const factory = enclosingFactory(node)
    if (factory) {
      const exportName = exportedName(sourceFile, factory.name)
      // `export const auth = getAuthConfig()` of a function without parameters nobody exports: that const is it
      const holder = exportName === null && factory.required + (factory.optional ?? 0) === 0 && heldBy(factory.name)
      if (holder) return { exportName: holder }
      // `function createAuthInstance(env, config)` that only an exported `getAuth(env)` calls: the app's is getAuth
      const caller = exportName === null ? exportedCaller(sourceFile, factory.name) : null
      return caller ? { exportName: caller.exportName, factory: caller.factory } : { exportName, factory }
    }
    if (!ts.isVariableDeclaration(owner) || !ts.isIdentifier(owner.name)) return { exportName: null }
    return { exportName: exportedName(sourceFile, owner.name.text) }
  }
  return undefined
}

/**
 * The exported module-level function that returns what an unexported factory makes, directly (`return make(env)`)
 * or through a memo it returns (`cached = make(env); ...; return cached`, as `enclosingFactory` reads it); null when none
 * does, or several.
 */
function exportedCaller(
  sourceFile: ts.SourceFile,
  factoryName: string,
): { exportName: string; factory: Factory } | null {
  let found: { exportName: string; factory: Factory } | null = null
  for (const call of findCalls(sourceFile, new Set([factoryName]))) {
    const factory = enclosingFactory(call)
    const exportName = factory && exportedName(sourceFile, factory.name)
    if (!factory || !exportName) continue
    if (found && found.factory.name !== factory.name) return null
    found = { exportName, factory }
  }
  return found
}

/** The export name of a module-level const that holds `factoryName()`'s result (`export const auth = f()`), or null. */
function exportedResultOf(sourceFile: ts.SourceFile, factoryName: string): string | null {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      let value = declaration.initializer
      while (
        value &&
        (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))
      )
        value = value.expression
      if (!value || !ts.isCallExpression(value) || value.arguments.length > 0 || !ts.isIdentifier(declaration.name))
        continue
      if (!ts.isIdentifier(value.expression) || value.expression.text !== factoryName) continue
      const name = exportedName(sourceFile, declaration.name.text)
      if (name) return name
    }
  }
  return null
}

/**
 * Source files under srcDirectory (the first 2,000, name order) that call `createAuthClient(`, relative
 * to root: the candidates for the app's auth client (plans read them to see how each is exported).
 * @example await locateAuthClients('/app', 'src') // ['src/lib/auth-client.ts']
 */
export async function locateAuthClients(root: string, srcDirectory: string): Promise<string[]> {
  const found: string[] = []
  for (const file of await listFiles(path.join(root, srcDirectory), isSourceFile, MAX_SCANNED_FILES)) {
    const text = await readText(file)
    if (text && text.includes('createAuthClient(')) found.push(relPosix(root, file))
  }
  return found
}

/**
 * The source file of the app (anywhere under its root) that creates the Better Auth instance it uses, or null.
 * Several files may call betterAuth() (a root `better-auth.config.ts` for Better Auth's CLI, a stub): the one the
 * app's auth handler imports (the file calling `<instance>.handler(`) wins, then one under `srcDirectory`, then the
 * rest, each in name order.
 */
export async function locateBetterAuth(
  root: string,
  app: { srcDirectory: string; aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[] } = {
    srcDirectory: 'src',
    aliases: [],
  },
): Promise<ProjectInfo['betterAuth']> {
  const candidates: NonNullable<ProjectInfo['betterAuth']>[] = []
  const handlers: { file: string; sourceFile: ts.SourceFile }[] = []
  const texts: { file: string; text: string }[] = []
  for (const file of await listFiles(root, isSourceFile, MAX_SCANNED_FILES)) {
    const text = (await readText(file)) ?? ''
    texts.push({ file: relPosix(root, file), text })
    const found = findBetterAuth(text, path.basename(file))
    if (found)
      candidates.push({
        file: relPosix(root, file),
        exportName: found.exportName,
        ...(found.factory ? { factory: found.factory } : {}),
      })
    if (/\.handler\s*\(/.test(text)) handlers.push({ file: relPosix(root, file), sourceFile: parseSource(text, file) })
  }
  const withCalls = (found: NonNullable<ProjectInfo['betterAuth']> | undefined): ProjectInfo['betterAuth'] => {
    // only a factory with parameters is called the way the app calls it
    const factory = found?.factory
    if (!found || !factory || !found.exportName || factory.required + (factory.optional ?? 0) === 0)
      return found ?? null
    const calls = factoryCalls({ file: found.file, exportName: found.exportName }, texts, app.aliases)
    return calls.length > 0 ? { ...found, calls } : found
  }
  if (candidates.length < 2) return withCalls(candidates[0])
  const served = new Set<string>()
  for (const { file, sourceFile } of handlers) {
    for (const binding of importedBindings(sourceFile)) {
      const base = appModulePath(app.aliases, file, binding.specifier)
      if (base === null || !callsHandlerOf(sourceFile, binding.local)) continue
      for (const candidate of moduleCandidates(base)) served.add(candidate)
    }
  }
  const inSources = (file: string) => app.srcDirectory === '.' || file.startsWith(`${app.srcDirectory}/`)
  const rank = (file: string) => (served.has(file) ? 0 : inSources(file) ? 1 : 2)
  const [chosen, ...others] = [...candidates].sort((a, b) => rank(a.file) - rank(b.file))
  const found = withCalls(chosen)
  return found && { ...found, others: others.map((other) => other.file).sort() }
}
