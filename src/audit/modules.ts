import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { topLevelBindings, type Binding } from '../codemods/js/bindings.js'
import { parse } from '../codemods/js/parse.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { appModulePath, moduleCandidates } from '../project/modules.js'
import type { ImportAlias } from '../project/types.js'

/** One parsed source file of the app. */
export interface Module {
  /** Relative to the app root, posix. */
  file: string
  sourceFile: ts.SourceFile
  bindings: Map<string, Binding>
  /** What its top-level names stand for, once looked up (see `AppModules.binding`). */
  values: Map<string, Value>
}

/**
 * What a name or expression stands for once imports, re-exports and `const`s are followed: a node
 * of some module (an expression, or a function declaration), or, when the trail leaves the app (a
 * package, a missing file, a destructured binding), just the name it was last known by, with the
 * import it could not read (`from`) or the module that destructures it (`declaredIn`).
 */
export type Value =
  | { module: Module; node: ts.Expression | ts.FunctionDeclaration; name: string | null }
  | { module: null; node: null; name: string | null; from?: string; declaredIn?: Module }

/** How far `valueOf` follows identifiers (guards against cycles). */
const MAX_HOPS = 12

/**
 * The app's modules, read and parsed on demand (each at most once), with imports resolved the way
 * the app's bundler does: relative paths and the app's aliases, extensions and `index` files.
 *
 * @example new AppModules('/app', project.aliases).load('src/lib/auth/session.ts')
 */
export class AppModules {
  private readonly modules = new Map<string, Module | null>()
  private readonly resolved = new Map<string, string | null>()
  private readonly parsedSet = new Set<string>()

  /**
   * `packages`: bare specifiers of workspace packages the app imports -> their files (relative to the
   * root): `{ '@repo/auth': '../../packages/auth/src/index.ts' }`. `isOwnPackage`: whether a package
   * name is one of the app's workspace (see `mayBeOwn`).
   */
  constructor(
    readonly root: string,
    private readonly aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[],
    private readonly packages: Readonly<Record<string, string>> = {},
    private readonly isOwnPackage: (name: string) => boolean = () => false,
  ) {}

  /**
   * True when an import the audit could not read may still be the app's own code, or kit-auth's layer in
   * it: a relative or aliased path (`~/lib/auth/session` too: no package is named so), or a package of the
   * app's workspace. A package from a registry (or one the app never declares) is not: a `requireSession`
   * it exports is someone else's.
   *
   * @example modules.mayBeOwn('#/lib/auth/session') // true; modules.mayBeOwn('some-auth-lib') // false
   */
  mayBeOwn(specifier: string): boolean {
    if (specifier in this.packages || appModulePath(this.aliases, '', specifier) !== null) return true
    // a package name (`@scope/name`, `name`), else an alias the app sets up where kit-auth did not look (`~/`)
    const name = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*/i.exec(specifier)?.[0]
    if (!name || this.isOwnPackage(name)) return true
    // `lib/auth/session` through tsconfig's baseUrl: a folder of the app, not a package
    return !name.startsWith('@') && [name, `src/${name}`].some((folder) => this.isFolder(folder))
  }

  private isFolder(folder: string): boolean {
    try {
      return statSync(path.join(this.root, folder)).isDirectory()
    } catch {
      return false
    }
  }

  /** How many distinct files were parsed (for the benchmark and tests). */
  get parsed(): number {
    return this.parsedSet.size
  }

  /** The files parsed so far, relative to the root. */
  parsedFiles(): string[] {
    return [...this.parsedSet]
  }

  /** The parsed module at `file` (relative to the root), or null when it cannot be read. Kept for later imports. */
  load(file: string): Module | null {
    const cached = this.modules.get(file)
    if (cached !== undefined) return cached
    let source: string | null = null
    try {
      source = readFileSync(path.join(this.root, file), 'utf8')
    } catch {
      source = null
    }
    const module = source === null ? null : this.parse(file, source)
    this.modules.set(file, module)
    return module
  }

  /**
   * The module at `file` parsed from `text`, without keeping it (unless an import already loaded it):
   * an app's thousands of entry-point files are each audited once, then left to the garbage collector.
   */
  visit(file: string, text: string): Module {
    return this.modules.get(file) ?? this.parse(file, text)
  }

  private parse(file: string, text: string): Module {
    const sourceFile = parse(text, file)
    this.parsedSet.add(file)
    return { file, sourceFile, bindings: topLevelBindings(sourceFile), values: new Map() }
  }

  /** The app file an import of `from` names (`./session`, `#/lib/auth/session`), or null for packages and misses. */
  resolve(from: string, specifier: string): string | null {
    const linked = this.packages[specifier]
    if (linked !== undefined) return linked
    const base = appModulePath(this.aliases, from, specifier)
    if (base === null) return null
    // `./a.js` may name `a.js` itself, or `a.ts`; `./a` may be `a.tsx` or `a/index.ts`
    const exact = specifier.startsWith('.') && /\.[cm]?[jt]sx?$/.test(specifier)
    // keyed by what is probed, not by the importer: a thousand files importing one alias probe it once
    const key = exact ? `${base}\0${specifier.slice(specifier.lastIndexOf('.'))}` : base
    const cached = this.resolved.get(key)
    if (cached !== undefined) return cached
    const candidates = [
      ...(exact ? [path.posix.join(path.posix.dirname(from), specifier)] : []),
      ...moduleCandidates(base),
    ]
    const found = candidates.find((candidate) => this.isFile(candidate)) ?? null
    this.resolved.set(key, found)
    return found
  }

  private isFile(file: string): boolean {
    try {
      return statSync(path.join(this.root, file)).isFile()
    } catch {
      return false
    }
  }

  /**
   * What an expression of `module` stands for: wrappers stripped, identifiers followed to the
   * `const` or function the module declares, or through its imports to what another module exports.
   *
   * @example modules.valueOf(module, call.expression) // the `createServerFn().middleware([...])` behind `authAction`
   */
  valueOf(module: Module, expression: ts.Expression, hops = 0): Value {
    const node = unwrap(expression)
    if (ts.isIdentifier(node)) return this.binding(module, node.text, hops)
    const namespace = this.namespaceOf(module, node)
    if (!namespace) return { module, node, name: null }
    const target = this.resolve(module.file, namespace.from)
    const imported = target ? this.load(target) : null
    return imported
      ? this.exported(imported, namespace.member, hops + 1)
      : { module: null, node: null, name: namespace.member, from: namespace.from }
  }

  /** True for what `valueOf` can follow: a name, or a member of a namespace import (`actions.authAction`). */
  isReference(module: Module, expression: ts.Expression): boolean {
    const node = unwrap(expression)
    return ts.isIdentifier(node) || this.namespaceOf(module, node) !== null
  }

  /** `ns.member` where `ns` is `import * as ns from '...'`. */
  private namespaceOf(module: Module, node: ts.Expression): { from: string; member: string } | null {
    if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return null
    const bound = module.bindings.get(node.expression.text)
    return bound?.kind === 'import' && bound.imported === '*' && bound.from !== undefined
      ? { from: bound.from, member: node.name.text }
      : null
  }

  /** What the top-level name `name` of `module` stands for (see valueOf). */
  binding(module: Module, name: string, hops = 0): Value {
    const known = module.values.get(name)
    if (known) return known
    const value = this.lookup(module, name, hops)
    // a lookup cut short by the hop limit is not the name's answer
    if (hops <= MAX_HOPS) module.values.set(name, value)
    return value
  }

  private lookup(module: Module, name: string, hops: number): Value {
    if (hops > MAX_HOPS) return { module: null, node: null, name }
    const bound = module.bindings.get(name)
    if (!bound) return { module: null, node: null, name }
    if (bound.kind === 'import') {
      const target = bound.from === undefined ? null : this.resolve(module.file, bound.from)
      const imported = target ? this.load(target) : null
      if (!imported) return { module: null, node: null, name: bound.imported, from: bound.from }
      return bound.imported === '*'
        ? { module: null, node: null, name: bound.imported, from: bound.from }
        : this.exported(imported, bound.imported, hops + 1)
    }
    for (const statement of module.sourceFile.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return { module, node: statement, name }
      if (!ts.isVariableStatement(statement)) continue
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue
        if (!declaration.initializer) return { module: null, node: null, name }
        const value = this.valueOf(module, declaration.initializer, hops + 1)
        return { ...value, name: value.name ?? name } as Value
      }
    }
    // a destructured binding (`export const { getSession } = createAuthSession(auth)`), a class...
    return { module: null, node: null, name, declaredIn: module }
  }

  /** What `module` exports as `name`, through `export { a as b }`, `export ... from` and `export *`. */
  exported(module: Module, name: string, hops = 0): Value {
    if (hops > MAX_HOPS) return { module: null, node: null, name }
    for (const statement of module.sourceFile.statements) {
      if (name === 'default' && ts.isExportAssignment(statement))
        return this.valueOf(module, statement.expression, hops + 1)
      if (
        name === 'default' &&
        ts.isFunctionDeclaration(statement) &&
        statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
      )
        return { module, node: statement, name: statement.name?.text ?? 'default' }
      if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue
      const from =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : null
      const clause = statement.exportClause
      if (clause && ts.isNamedExports(clause)) {
        const element = clause.elements.find((candidate) => candidate.name.text === name)
        if (!element) continue
        const local = (element.propertyName ?? element.name).text
        if (from === null) return this.binding(module, local, hops + 1)
        const target = this.resolve(module.file, from)
        const next = target ? this.load(target) : null
        return next ? this.exported(next, local, hops + 1) : { module: null, node: null, name: local, from }
      }
    }
    if (module.bindings.get(name)?.kind === 'declaration') return this.binding(module, name, hops + 1)
    // `export * from './x'`: the first module that has it
    for (const statement of module.sourceFile.statements) {
      if (!ts.isExportDeclaration(statement) || statement.exportClause || !statement.moduleSpecifier) continue
      if (!ts.isStringLiteral(statement.moduleSpecifier)) continue
      const target = this.resolve(module.file, statement.moduleSpecifier.text)
      const next = target ? this.load(target) : null
      const found = next ? this.exported(next, name, hops + 1) : null
      if (found && (found.module !== null || next?.bindings.has(name))) return found
    }
    return { module: null, node: null, name }
  }
}
