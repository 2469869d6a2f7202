import ts from '../../../lib/typescript.js'
import { topLevelBindings } from '../js/bindings.js'
import type { TextEdit } from '../js/edits.js'
import { addNamedImports, type ImportStyle, removeUnusedImport } from '../js/imports.js'
import { chain, Refusal, type SourceInput, type TransformResult } from '../transform.js'
import { PUBLIC_ONLY_GUARD } from './guard-shape.js'

/** How a route file reaches the guards module kit-auth wrote (`src/lib/auth/guards.ts`). */
export interface GuardModuleOptions {
  /** Import specifier for a new import of the guards module, e.g. `#/lib/auth/guards`. */
  from: string
  /** True when an import specifier (alias, relative, with extension) points at the guards module. */
  isGuardsModule?: (specifier: string) => boolean
  /** Every guard the module exports (`requireAuth`, `requireAdminAuth`...): how its guards are told from user code. */
  kitGuards: readonly string[]
  style: ImportStyle
}

/** `options.isGuardsModule`, or the same specifier as `from` give or take its extension. */
function guardsModuleTest(options: GuardModuleOptions): (specifier: string) => boolean {
  const strip = (value: string) => value.replace(/\.[cm]?[jt]sx?$/, '')
  return options.isGuardsModule ?? ((specifier) => strip(specifier) === strip(options.from))
}

/**
 * Local name -> exported guard name, for every value import of a kit guard from the guards module.
 *
 * @example guardBindings(sourceFile, options).get('auth') // 'requireAuth' for `import { requireAuth as auth }`
 */
export function guardBindings(sourceFile: ts.SourceFile, options: GuardModuleOptions): Map<string, string> {
  const isGuardsModule = guardsModuleTest(options)
  const known = new Set([...options.kitGuards, PUBLIC_ONLY_GUARD])
  const bindings = new Map<string, string>()
  for (const [local, binding] of topLevelBindings(sourceFile)) {
    if (binding.kind !== 'import' || binding.typeOnly || !known.has(binding.imported)) continue
    if (isGuardsModule(binding.from ?? '')) bindings.set(local, binding.imported)
  }
  return bindings
}

/** The specifier a new guard import should use: the file's existing import of the guards module, else `from`. */
export function guardsSpecifier(sourceFile: ts.SourceFile, options: GuardModuleOptions): string {
  const isGuardsModule = guardsModuleTest(options)
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !isGuardsModule(statement.moduleSpecifier.text)
    )
      continue
    const clause = statement.importClause
    if (clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings))
      return statement.moduleSpecifier.text
  }
  return options.from
}

/**
 * The name `guard` goes by in this file: its existing (maybe renamed) import, else its own name;
 * refuses when the file binds that name to something else.
 *
 * @example guardLocalName(file, 'requireAuth', guardBindings(file.sourceFile, options)) // 'requireAuth'
 */
export function guardLocalName(file: SourceInput, guard: string, bindings: ReadonlyMap<string, string>): string {
  for (const [local, exported] of bindings) if (exported === guard) return local
  const clash = topLevelBindings(file.sourceFile).get(guard)
  if (clash) {
    const where = clash.kind === 'import' ? `imported from ${clash.from || 'a module'}` : 'declared in the file'
    throw new Refusal(
      `${file.fileName} already has its own \`${guard}\` (${where}), so importing kit-auth's would clash.`,
      `Rename yours, or import kit-auth's under another name (import { ${guard} as ... }) and run protect again.`,
    )
  }
  return guard
}

/** Edits that import `local` from the guards module (reusing the file's import of it), unless already bound. */
export function addGuardImport(
  sourceFile: ts.SourceFile,
  local: string,
  bindings: ReadonlyMap<string, string>,
  options: GuardModuleOptions,
): TextEdit[] {
  if (bindings.has(local)) return []
  return addNamedImports(sourceFile, { from: guardsSpecifier(sourceFile, options), names: [local] }, options.style)
}

/**
 * `result`, followed by the removal of the guard import `local` when its edits left it unused
 * (the removal reads the edited file, so it sees an import the edits extended).
 *
 * @example withoutUnusedGuard(file, { edits, data }, 'requireAdminAuth', options)
 */
export function withoutUnusedGuard<Data>(
  file: SourceInput,
  result: TransformResult<Data>,
  local: string,
  options: GuardModuleOptions,
): TransformResult<Data> {
  const isGuardsModule = guardsModuleTest(options)
  const tidy = chain<GuardModuleOptions>(
    () => result,
    (edited) => ({ edits: removeUnusedImport(edited.sourceFile, local, isGuardsModule) }),
  )
  return { ...tidy(file, options), data: result.data }
}
