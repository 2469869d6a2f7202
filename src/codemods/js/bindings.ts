import ts from '../../../lib/typescript.js'

/** How a top-level name is bound: imported (from a module), or declared in the file. */
export interface Binding {
  kind: 'import' | 'declaration'
  /** The module specifier, for imports. */
  from?: string
  /** The exported name it imports (`admin` for `{ admin as adminPlugin }`); for declarations, the name itself. */
  imported: string
  /** True for a type-only import, an interface or a type alias. */
  typeOnly: boolean
}

/**
 * Every name the file binds at its top level: imports (default, namespace, named), functions,
 * classes, enums, variables (destructuring included), interfaces and type aliases.
 *
 * @example topLevelBindings(parse("import { a as b } from 'm'", 'x.ts')).get('b')
 *   // { kind: 'import', from: 'm', imported: 'a', typeOnly: false }
 */
export function topLevelBindings(sourceFile: ts.SourceFile): Map<string, Binding> {
  const names = new Map<string, Binding>()
  const declare = (name: string, typeOnly = false) => names.set(name, { kind: 'declaration', imported: name, typeOnly })
  const bind = (name: ts.BindingName) => {
    for (const bound of patternNames(name)) declare(bound)
  }
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const from = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : ''
      const clause = statement.importClause
      const imported = (local: string, name: string, typeOnly: boolean) =>
        names.set(local, { kind: 'import', from, imported: name, typeOnly })
      if (clause.name) imported(clause.name.text, 'default', clause.isTypeOnly)
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) imported(bindings.name.text, '*', clause.isTypeOnly)
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          imported(
            element.name.text,
            (element.propertyName ?? element.name).text,
            clause.isTypeOnly || element.isTypeOnly,
          )
        }
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      declare(statement.name.text)
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name)
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      if (!names.has(statement.name.text)) declare(statement.name.text, true)
    }
  }
  return names
}

/**
 * The names a declaration binds: `session`, or `user` and `id` for `{ user, ids: [id] }`.
 *
 * @example patternNames(declaration.name) // ['user']
 */
export function patternNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text]
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : patternNames(element.name)))
}

/**
 * The top-level names split by meaning: `values` (what code can call or read) and `types`.
 * Classes and enums are both; a type-only import is a type.
 *
 * @example boundNames(sourceFile).values.has('requireAuth')
 */
export function boundNames(sourceFile: ts.SourceFile): { values: Set<string>; types: Set<string> } {
  const values = new Set<string>()
  const types = new Set<string>()
  for (const [name, binding] of topLevelBindings(sourceFile)) (binding.typeOnly ? types : values).add(name)
  for (const statement of sourceFile.statements) {
    if ((ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name)
      types.add(statement.name.text)
    if (
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      values.has(statement.name.text)
    )
      types.add(statement.name.text)
  }
  return { values, types }
}

/** Local name -> imported name, for every named import of the file. */
export function importedNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>()
  for (const statement of sourceFile.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.set(element.name.text, (element.propertyName ?? element.name).text)
    }
  }
  return names
}

/**
 * `name` and every local name the file imports it under from a module `fromModule` accepts.
 *
 * @example localNamesOf(sourceFile, (m) => m === 'better-auth' || m === 'better-auth/minimal', 'betterAuth')
 */
export function localNamesOf(
  sourceFile: ts.SourceFile,
  fromModule: (specifier: string) => boolean,
  name: string,
): Set<string> {
  const names = new Set([name])
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !fromModule(statement.moduleSpecifier.text)
    )
      continue
    const bindings = statement.importClause?.namedBindings
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if ((element.propertyName ?? element.name).text === name) names.add(element.name.text)
      }
    }
  }
  return names
}

/** True when an identifier `name` appears in the file outside the node `except` (e.g. its own import). */
export function isReferenced(sourceFile: ts.SourceFile, name: string, except: ts.Node): boolean {
  let found = false
  const visit = (node: ts.Node): void => {
    if (found || node === except) return
    if (ts.isIdentifier(node) && node.text === name) {
      if (!isMemberName(node)) found = true
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}

/**
 * True when an identifier names a property or member rather than a binding: `x.name`, `NS.name`,
 * `{ name: x }`, `name() {}`, `{ name: T }`, `class { name = 1 }`, `enum { name }`,
 * `const { name: local } = x` and the JSX attribute `<A name />` mention a property, not the binding.
 */
export function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node
  if (ts.isQualifiedName(parent)) return parent.right === node
  if (ts.isBindingElement(parent)) return parent.propertyName === node
  const named =
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isEnumMember(parent) ||
    ts.isJsxAttribute(parent)
  return named && parent.name === node
}

/**
 * True when a scope around `node` below the file's top level declares `name` (a parameter, a `const`/`let`/`var`
 * of an enclosing block or function, a function or class declared in one, a `for` or `catch` binding): a
 * reference to `name` at `node` then means that local, not a top-level import of the same name.
 *
 * @example declaredAround(envIdentifier, 'env') // true inside `(env) => createAuth(env)`
 */
export function declaredAround(node: ts.Node, name: string): boolean {
  return declarationAround(node, name) !== undefined
}

/**
 * The nearest declaration of `name` in a scope around `node` below the top level (see declaredAround): a
 * parameter, a variable declaration, a function, class or enum declaration, a named function or class expression.
 */
export function declarationAround(node: ts.Node, name: string): ts.Node | undefined {
  const binds = (declaration: { name: ts.BindingName }) => patternNames(declaration.name).includes(name)
  for (let scope = node.parent; scope && !ts.isSourceFile(scope); scope = scope.parent) {
    const found =
      (ts.isFunctionLike(scope) ? scope.parameters.find(binds) : undefined) ??
      ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name?.text === name
        ? scope
        : undefined) ??
      (ts.isCatchClause(scope) && scope.variableDeclaration && binds(scope.variableDeclaration)
        ? scope.variableDeclaration
        : undefined) ??
      ((ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) &&
      scope.initializer &&
      ts.isVariableDeclarationList(scope.initializer)
        ? scope.initializer.declarations.find(binds)
        : undefined) ??
      (ts.isBlock(scope) || ts.isModuleBlock(scope)
        ? scope.statements.map((statement) => statementDeclaration(statement, name)).find(Boolean)
        : undefined) ??
      // one scope for all the clauses of a switch
      (ts.isCaseBlock(scope)
        ? scope.clauses
            .flatMap((clause) => [...clause.statements])
            .map((statement) => statementDeclaration(statement, name))
            .find(Boolean)
        : undefined) ??
      // a `var` anywhere in a function's body (nested blocks included) belongs to the function
      (ts.isFunctionLike(scope) && 'body' in scope && scope.body ? hoistedVar(scope.body, name) : undefined)
    if (found) return found
  }
  return undefined
}

/** The declaration of `name` a statement of a block makes in that block (var hoisting out of nested blocks aside). */
function statementDeclaration(statement: ts.Statement, name: string): ts.Node | undefined {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.find((declaration) => patternNames(declaration.name).includes(name))
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement))
    return statement.name?.text === name ? statement : undefined
  return undefined
}

/** A `var` declaration of `name` in `body`, in nested blocks too, not inside nested functions. */
function hoistedVar(body: ts.Node, name: string): ts.Node | undefined {
  let found: ts.Node | undefined
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return
    if (
      ts.isVariableDeclarationList(node) &&
      (node.flags & ts.NodeFlags.BlockScoped) === 0 &&
      (found = node.declarations.find((declaration) => patternNames(declaration.name).includes(name)))
    )
      return
    ts.forEachChild(node, visit)
  }
  ts.forEachChild(body, visit)
  return found
}

/**
 * The initializer of a `const` declaration (`const x = value`), or null for anything else: a `let`, a parameter, a
 * destructuring, a declaration without a value.
 *
 * @example constInitializer(declarationAround(name, name.text)) // `createDB(env.DB)` for `const db = createDB(env.DB)`
 */
export function constInitializer(declaration: ts.Node | undefined): ts.Expression | null {
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return null
  const list = declaration.parent
  const constant = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0
  return constant ? (declaration.initializer ?? null) : null
}

/** The value of the function-local `const` a name refers to (`declarationAround`), or null. */
export function localConstValue(name: ts.Identifier): ts.Expression | null {
  return constInitializer(declarationAround(name, name.text))
}
