import ts from '../../lib/typescript.js'
import { parse, walk } from '../codemods/js/parse.js'
import { resolveConst } from '../codemods/js/unwrap.js'
import { propertyName } from '../codemods/js/objects.js'

export { propertyName, walk }
import { syntaxError } from './json.js'

/** How many identifier hops `resolve` follows before giving up (guards against cycles). */
const MAX_HOPS = 10

/** Parses a JS/TS file leniently (sources may hold JSX); never throws. */
export const parseSource = parse

/** Parses a config file (vite.config.ts...) and throws a KitError at the first syntax error, as `label` line:column. */
export function parseConfigSource(text: string, label: string): ts.SourceFile {
  const sourceFile = parseSource(text, label)
  // the parser's own diagnostics: what transpileModule would report, without emitting anything
  const [first] = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []
  if (first) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start)
    throw syntaxError(label, line + 1, character + 1, ts.flattenDiagnosticMessageText(first.messageText, ' '))
  }
  return sourceFile
}

/** The function declared as `function name() {}` in the file, or undefined. */
function functionOf(sourceFile: ts.SourceFile, name: string): ts.FunctionDeclaration | undefined {
  return sourceFile.statements.find(
    (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name,
  )
}

/** Strips parentheses, `as`, `satisfies` and `!` and follows identifiers to their initializers anywhere in the file. */
export function resolve(expression: ts.Expression): ts.Expression {
  return resolveConst(expression, { scope: 'anywhere' })
}

/** The expressions a function body returns (an arrow's expression body, or its `return` statements). */
function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return []
  if (!ts.isBlock(fn.body)) return [fn.body]
  const found: ts.Expression[] = []
  for (const node of walk(fn.body)) {
    if (ts.isReturnStatement(node) && node.expression && innermostFunction(node) === fn) found.push(node.expression)
  }
  return found
}

/** The nearest function enclosing a node. */
function innermostFunction(node: ts.Node): ts.Node | undefined {
  let current = node.parent
  while (current && !ts.isFunctionLike(current)) current = current.parent
  return current
}

/**
 * The object literal a config expression boils down to: follows identifiers, the arguments of
 * calls (`defineConfig({...})`, `withSentry(config)`, `mergeConfig(a, b)`: the first that yields one)
 * and what functions return (`() => ({...})`, `() => { return {...} }`).
 */
export function objectOf(expression: ts.Expression, hops = 0): ts.ObjectLiteralExpression | null {
  const node = resolve(expression)
  if (ts.isObjectLiteralExpression(node)) return node
  if (hops >= MAX_HOPS) return null
  for (const candidate of candidatesOf(node)) {
    const found = objectOf(candidate, hops + 1)
    if (found) return found
  }
  return null
}

/** Where `objectOf` looks next: a call's arguments, or what a function (inline or declared) returns. */
function candidatesOf(node: ts.Expression): ts.Expression[] {
  if (ts.isCallExpression(node)) return [...node.arguments]
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return returnedExpressions(node)
  const declared = ts.isIdentifier(node) ? functionOf(node.getSourceFile(), node.text) : undefined
  return declared ? returnedExpressions(declared) : []
}

/** The object a module exports as its default (`export default`, `module.exports =`), or null. */
export function defaultExportObject(sourceFile: ts.SourceFile): ts.ObjectLiteralExpression | null {
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement)) return objectOf(statement.expression)
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText() === 'module.exports'
    ) {
      return objectOf(statement.expression.right)
    }
  }
  return null
}

/** The resolved value of property `name` in an object literal (`name: x`, `'name': x`, shorthand `name`). */
export function propertyOf(object: ts.ObjectLiteralExpression | null, name: string): ts.Expression | undefined {
  for (const property of object?.properties ?? []) {
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === name) return resolve(property.initializer)
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return resolve(property.name)
  }
  return undefined
}

/** The object literal held by property `name`, or null. */
export function objectPropertyOf(
  object: ts.ObjectLiteralExpression | null,
  name: string,
): ts.ObjectLiteralExpression | null {
  const value = propertyOf(object, name)
  return value && ts.isObjectLiteralExpression(value) ? value : null
}

/** A string, number or boolean literal's value, or undefined for anything computed. */
export function literalOf(expression: ts.Expression | undefined): string | number | boolean | undefined {
  if (!expression) return undefined
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text
  if (ts.isNumericLiteral(expression)) return Number(expression.text)
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false
  return undefined
}

/** A string literal's value, or undefined. */
export function stringOf(expression: ts.Expression | undefined): string | undefined {
  const value = literalOf(expression)
  return typeof value === 'string' ? value : undefined
}
