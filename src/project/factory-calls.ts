import ts from '../../lib/typescript.js'
import { declarationAround } from '../codemods/js/bindings.js'
import { findCalls } from '../codemods/js/calls.js'
import { unwrapAwaited } from '../codemods/js/unwrap.js'
import { parseSource } from './ast.js'
import { callsHandlerOf, importedBindings, type ImportedBinding } from './imported-bindings.js'
import { appModulePath, moduleCandidates } from './modules.js'
import type { FactoryCall, ImportAlias } from './types.js'

/** Names a copied call may use without importing them. */
const GLOBALS = new Set(['process', 'globalThis', 'undefined'])

/** Most calls kept per instance (the first decide). */
const MAX_CALLS = 20

/** Test files and folders: `*.test.ts`, `*.spec.tsx`, `__tests__/`, `test/`, `tests/`, `e2e/`. */
const TEST_FILE = /(?:^|\/)(?:__tests__|tests?|e2e)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/

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
  const served: FactoryCall[] = []
  const others: FactoryCall[] = []
  for (const { file, text } of files) {
    // a test's call (cloudflare:test's env, a fixture's db) is not how the app itself makes the instance
    if (file === instance.file || TEST_FILE.test(file) || !text.includes(instance.exportName)) continue
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
          ...argumentsOf(call, sourceFile, file, bindings, known, aliases),
        })
      }
    }
  }
  return [...served, ...others].slice(0, MAX_CALLS)
}

/** The source of a call's arguments and the imports they need, or the first local value among them. */
function argumentsOf(
  call: ts.CallExpression,
  sourceFile: ts.SourceFile,
  file: string,
  bindings: ImportedBinding[],
  known: ReadonlySet<string>,
  aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[],
): Pick<FactoryCall, 'args' | 'imports' | 'local'> {
  const imports: FactoryCall['imports'] = []
  let local: string | undefined
  const visit = (node: ts.Node): void => {
    if (local !== undefined || ts.isTypeNode(node)) return
    if (ts.isFunctionLike(node)) {
      local = 'a function'
      return
    }
    // kit-auth's accessor is a plain function: an awaited argument cannot be copied into it
    if (ts.isAwaitExpression(node)) {
      local = 'an awaited value'
      return
    }
    if (ts.isIdentifier(node) && isReference(node)) {
      // a local of the same name (`(env) => createAuth(env)`) is not the file's import, unless it destructures
      // a dynamic import (`const { env } = await import('cloudflare:workers')`)
      const declaration = declarationAround(node, node.text)
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
        if (!imports.some((entry) => entry.local === binding.local)) {
          const base = appModulePath(aliases, file, binding.specifier)
          const target = base === null ? undefined : moduleCandidates(base).find((candidate) => known.has(candidate))
          if (base !== null && !target) local = node.text
          else
            imports.push({
              local: binding.local,
              imported: binding.imported,
              ...(target ? { file: target } : { module: binding.specifier }),
            })
        }
      } else if (!GLOBALS.has(node.text)) local = node.text
    }
    ts.forEachChild(node, visit)
  }
  for (const argument of call.arguments) visit(argument)
  const args = call.arguments.map((argument) => argument.getText(sourceFile)).join(', ')
  return local === undefined ? { args, imports } : { args, imports, local }
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
