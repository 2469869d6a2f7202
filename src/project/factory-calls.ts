import ts from '../../lib/typescript.js'
import { constInitializer, declarationAround } from '../codemods/js/bindings.js'
import { findCalls, functionAround } from '../codemods/js/calls.js'
import { unwrap, unwrapAwaited } from '../codemods/js/unwrap.js'
import { parseSource } from './ast.js'
import { callsHandlerOf, importedBindings, type ImportedBinding } from './imported-bindings.js'
import { appModulePath, moduleCandidates } from './modules.js'
import { ANY_KEY, contextKey, contextSources, isWorkersEnvParameter, type ContextSource } from './request-context.js'
import type { FactoryCall, ImportAlias } from './types.js'

/** Names a copied call may use without importing them. */
const GLOBALS = new Set(['process', 'globalThis', 'undefined'])

/** A line of kit-auth's own lib/auth/instance.ts (templates/init/lib/auth/instance.ts.hbs): its call copies the app's. */
export const KIT_INSTANCE_MARKER = "so kit-auth's files use it through `auth` below"

/** Most calls kept per instance (the first decide). */
const MAX_CALLS = 20

/** Test, mock and story files and folders: `*.test.ts`, `*.spec.tsx`, `*.stories.tsx`, `__tests__/`, `test/`, `mocks/`... */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|mocks?|tests?|e2e|stories)\/|\.(?:test|spec|stories)\.[cm]?[jt]sx?$/

/**
 * How the app itself calls the function that makes its Better Auth instance (`createAuth(env)` in its handler
 * route): every call in files that import it from `instanceFile`, those of files serving its handler
 * (`createAuth(env).handler(request)`) first, then name order. Each says which imports its arguments use, or
 * the first local value they use (a parameter, a request's binding), which kit-auth cannot reproduce.
 *
 * @example factoryCalls({ file: 'src/lib/auth.ts', exportName: 'createAuth' }, files, aliases)
 *   // [{ file: 'src/routes/api/auth/$.ts', call: 'createAuth(env)', args: 'env',
 *   //    imports: [{ local: 'env', imported: 'env', module: 'cloudflare:workers' }] }]
 */
export function factoryCalls(
  instance: { file: string; exportName: string },
  files: readonly { file: string; text: string }[],
  aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[],
): FactoryCall[] {
  const known = new Set(files.map((entry) => entry.file))
  let sources: Map<string, ContextSource[]> | undefined
  const scope: CopyScope = {
    known,
    aliases,
    sources: () => (sources ??= contextSources(contextFiles(files))),
  }
  const served: FactoryCall[] = []
  const others: FactoryCall[] = []
  for (const { file, text } of files) {
    // a test's call (cloudflare:test's env, a fixture's db) is not how the app itself makes the instance
    if (file === instance.file || TEST_FILE.test(file) || !text.includes(instance.exportName)) continue
    if (text.includes(KIT_INSTANCE_MARKER)) continue
    const sourceFile = parseSource(text, file)
    const bindings = importedBindings(sourceFile)
    const locals = bindings.filter(
      (binding) =>
        binding.imported === instance.exportName &&
        moduleCandidates(appModulePath(aliases, file, binding.specifier) ?? '\0').includes(instance.file),
    )
    for (const { local } of locals) {
      const target = callsHandlerOf(sourceFile, local) ? served : others
      for (const call of findCalls(sourceFile, new Set([local]))) {
        target.push({
          file,
          call: call.getText(sourceFile),
          ...argumentsOf(call, sourceFile, file, scope),
        })
      }
    }
  }
  return [...served, ...others].slice(0, MAX_CALLS)
}

/** The app's files that may put values into the request context (not tests), parsed. */
function contextFiles(files: readonly { file: string; text: string }[]): { file: string; sourceFile: ts.SourceFile }[] {
  return files
    .filter(({ file, text }) => !TEST_FILE.test(file) && /\bcontext\b/.test(text) && /\b(?:next|fetch)\b/.test(text))
    .map(({ file, text }) => ({ file, sourceFile: parseSource(text, file) }))
}

/** What copying an app's expression needs: the files it may import and the request context's sources. */
interface CopyScope {
  known: ReadonlySet<string>
  aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[]
  sources: () => Map<string, ContextSource[]>
}

/** An expression as kit-auth's instance module writes it, the imports it needs, or the first local value in it. */
type Copy = { text: string; imports: FactoryCall['imports']; local?: string }

/** How many request-context values deep a copy follows (a middleware's value made from another's). */
const MAX_CONTEXT_DEPTH = 3

const WORKERS_ENV = { local: 'env', imported: 'env', module: 'cloudflare:workers' }

/** The source of a call's arguments and the imports they need, or the first local value among them. */
function argumentsOf(
  call: ts.CallExpression,
  sourceFile: ts.SourceFile,
  file: string,
  scope: CopyScope,
): Pick<FactoryCall, 'args' | 'imports' | 'local'> {
  const imports: FactoryCall['imports'] = []
  const texts: string[] = []
  for (const argument of call.arguments) {
    const copy = copyOf(argument, sourceFile, file, scope, 0)
    if (copy.local === undefined && !mergeImports(imports, copy.imports)) copy.local = copy.imports[0]?.local
    if (copy.local !== undefined) return { args: argumentsText(call, sourceFile), imports, local: copy.local }
    texts.push(copy.text)
  }
  return { args: texts.join(', '), imports }
}

function argumentsText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return call.arguments.map((argument) => argument.getText(sourceFile)).join(', ')
}

/** Adds `more` to `imports`; false when one of them takes a local name another module's import has. */
function mergeImports(imports: FactoryCall['imports'], more: FactoryCall['imports']): boolean {
  for (const entry of more) {
    const same = imports.find((candidate) => candidate.local === entry.local)
    if (!same) imports.push(entry)
    else if (same.imported !== entry.imported || same.module !== entry.module || same.file !== entry.file) return false
  }
  return true
}

/**
 * An expression of the app copied for kit-auth's instance module: its imports and globals as they are, a request
 * context's value (`context.db`) replaced by what the app's middleware puts there when that copies too, and a Workers
 * `fetch` handler's `env` by `cloudflare:workers`' env. Anything else local stops it, named in `local`.
 */
function copyOf(
  expression: ts.Expression,
  sourceFile: ts.SourceFile,
  file: string,
  scope: CopyScope,
  depth: number,
): Copy {
  const bindings = bindingsOf(sourceFile)
  const imports: FactoryCall['imports'] = []
  const replaced: { start: number; end: number; text: string }[] = []
  let local: string | undefined
  const replace = (node: ts.Node, copy: Copy): void => {
    if (copy.local !== undefined) local = copy.local
    else if (!mergeImports(imports, copy.imports)) local = copy.imports[0]?.local ?? copy.text
    else replaced.push({ start: node.getStart(sourceFile), end: node.end, text: copy.text })
  }
  const visit = (node: ts.Node): void => {
    if (local !== undefined || ts.isTypeNode(node)) return
    // `this.env` means nothing in kit-auth's module-level accessor
    if (
      node.kind === ts.SyntaxKind.ThisKeyword ||
      node.kind === ts.SyntaxKind.SuperKeyword ||
      ts.isMetaProperty(node)
    ) {
      local = node.getText(sourceFile)
      return
    }
    if (ts.isFunctionLike(node)) {
      local = 'a function'
      return
    }
    // kit-auth's accessor is a plain function: an awaited argument cannot be copied into it
    if (ts.isAwaitExpression(node)) {
      local = 'an awaited value'
      return
    }
    const key = ts.isPropertyAccessExpression(node) ? contextKey(node) : null
    if (key !== null) {
      replace(node, contextValue(key, node.getText(sourceFile), scope, depth))
      return
    }
    if (ts.isIdentifier(node) && isReference(node)) {
      // a local of the same name (`(env) => createAuth(env)`) is not the file's import, unless it destructures
      // a dynamic import (`const { env } = await import('cloudflare:workers')`)
      const declaration = declarationAround(node, node.text)
      if (declaration && isWorkersEnvParameter(declaration)) {
        replace(node, { text: WORKERS_ENV.local, imports: [WORKERS_ENV] })
        return
      }
      // a const of the calling function made of what copies (`const stripe = createStripe()`): its value
      const value = declaration && constValue(declaration, node)
      if (value && depth < MAX_CONTEXT_DEPTH) {
        const copy = copyOf(value, sourceFile, file, scope, depth + 1)
        const text = SIMPLE.has(unwrap(value).kind) ? copy.text : `(${copy.text})`
        const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
        replace(node, { ...copy, text: shorthand ? `${node.text}: ${text}` : text })
        return
      }
      const dynamic = declaration ? dynamicImportOf(declaration) : null
      const binding =
        declaration && dynamic === null
          ? undefined
          : bindings.find(
              (candidate) =>
                candidate.local === node.text &&
                (dynamic === null || (candidate.dynamic && candidate.specifier === dynamic)),
            )
      if (binding) {
        const base = appModulePath(scope.aliases, file, binding.specifier)
        const target =
          base === null ? undefined : moduleCandidates(base).find((candidate) => scope.known.has(candidate))
        const entry = {
          local: binding.local,
          imported: binding.imported,
          ...(target ? { file: target } : { module: binding.specifier }),
        }
        // an import under a name another copied value took (a Worker's `env` parameter) is no longer that import
        if ((base !== null && !target) || !mergeImports(imports, [entry])) local = node.text
      } else if (!GLOBALS.has(node.text)) local = node.text
    }
    ts.forEachChild(node, visit)
  }
  visit(expression)
  const start = expression.getStart(sourceFile)
  let text = expression.getText(sourceFile)
  for (const edit of replaced.sort((a, b) => b.start - a.start))
    text = text.slice(0, edit.start - start) + edit.text + text.slice(edit.end - start)
  return local === undefined ? { text, imports } : { text, imports, local }
}

/**
 * The copy of what the app puts into the request context under `key`: every file that sets it must set the same
 * thing, copyable. `written` (`context_.db`) names it when it cannot be copied.
 */
function contextValue(key: string, written: string, scope: CopyScope, depth: number): Copy {
  const all = scope.sources()
  // a context kit-auth cannot read may set it too
  if (all.has(ANY_KEY)) return { text: written, imports: [], local: written }
  const sources = all.get(key) ?? []
  if (depth >= MAX_CONTEXT_DEPTH || sources.length === 0) return { text: written, imports: [], local: written }
  let found: Copy | undefined
  for (const source of sources) {
    if (!source.value) return { text: written, imports: [], local: written }
    const copy = copyOf(source.value, source.sourceFile, source.file, scope, depth + 1)
    if (copy.local !== undefined) return { ...copy, local: written }
    if (found && (found.text !== copy.text || JSON.stringify(found.imports) !== JSON.stringify(copy.imports)))
      return { text: written, imports: [], local: written }
    found = copy
  }
  return found ?? { text: written, imports: [], local: written }
}

const bindingsCache = new WeakMap<ts.SourceFile, ImportedBinding[]>()

/** A file's imports, read once however many of its expressions are copied. */
function bindingsOf(sourceFile: ts.SourceFile): ImportedBinding[] {
  let bindings = bindingsCache.get(sourceFile)
  if (!bindings) bindingsCache.set(sourceFile, (bindings = importedBindings(sourceFile)))
  return bindings
}

/** Expressions that need no parentheses where a name stood. */
const SIMPLE = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.ParenthesizedExpression,
])

/**
 * The initializer of a `const` declared in the same function as `use` (`const stripe = createStripe()`), when that
 * value is what `use` sees: nothing in the function changes it (`options.secret = ...`, `Object.assign(options, ...)`).
 * A const of an enclosing function (made once for many requests) is not copied. Null otherwise.
 */
function constValue(declaration: ts.Node, use: ts.Identifier): ts.Expression | null {
  const value = constInitializer(declaration)
  const scope = value && functionAround(declaration)
  return scope && scope === functionAround(use) && !changedIn(scope, use.text) ? value : null
}

/** Method names that change the object they are called on. */
const MUTATORS = /^(?:set|add|push|unshift|splice|delete|clear|assign|append|sort|reverse|fill)$/

/** True when `name`'s object may change in `scope`: a member assigned, updated or deleted, or handed to a mutator. */
function changedIn(scope: ts.Node, name: string): boolean {
  const isName = (node: ts.Expression): boolean => {
    const inner = unwrap(node)
    if (ts.isIdentifier(inner)) return inner.text === name
    return (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && isName(inner.expression)
  }
  const member = (node: ts.Expression) => {
    const inner = unwrap(node)
    return (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && isName(inner.expression)
  }
  const visit = (node: ts.Node): boolean => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      member(node.left)
    )
      return true
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && member(node.operand)) return true
    if (ts.isDeleteExpression(node) && member(node.expression)) return true
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression)
      const [first] = node.arguments
      // Object.assign(options, ...), options.set(...)
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && first && isName(first)) return true
      if (ts.isPropertyAccessExpression(callee) && isName(callee.expression) && MUTATORS.test(callee.name.text))
        return true
    }
    return ts.forEachChild(node, visit) ?? false
  }
  return ts.forEachChild(scope, visit) ?? false
}

/** False for a name that is no value reference: `x.name`, `{ name: x }`'s key, `import.meta`. */
function isReference(node: ts.Identifier): boolean {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false
  if (ts.isMetaProperty(parent)) return false
  return true
}

/** The module of `const { env } = await import('cloudflare:workers')`, a declaration destructuring a dynamic import. */
function dynamicImportOf(declaration: ts.Node): string | null {
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return null
  const value = unwrapAwaited(declaration.initializer)
  if (!ts.isCallExpression(value) || value.expression.kind !== ts.SyntaxKind.ImportKeyword) return null
  const [specifier] = value.arguments
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : null
}
