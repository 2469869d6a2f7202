import ts from '../../../lib/typescript.js'
import { quoted } from '../js/imports.js'
import { findProperty, propertyName, propertyValue } from '../js/objects.js'
import { resolveConst, unwrap } from '../js/unwrap.js'
import type { CodeStyle } from '../../project/types.js'

/**
 * The object a route's `validateSearch` validates its search with, when kit-auth can add a key to it,
 * and the line that adds an optional `redirect` string there.
 */
export interface SearchObject {
  object: ts.ObjectLiteralExpression
  /** True when the object has a `redirect` key already. */
  hasRedirect: boolean
  /** The property to add (`redirect: z.string().optional()`), in the validator library's own terms. */
  property: string
  /** What the object is, for the report (`the zod schema`). */
  what: string
}

/** Modules whose namespace (`z`, `v`) has `object(...)`, and how each says "an optional string". */
const SCHEMA_MODULES: Record<string, { library: string; optional: (ns: string) => string }> = {
  zod: { library: 'zod', optional: (ns) => `${ns}.string().optional()` },
  'zod/v4': { library: 'zod', optional: (ns) => `${ns}.string().optional()` },
  'zod/v3': { library: 'zod', optional: (ns) => `${ns}.string().optional()` },
  'zod/mini': { library: 'zod', optional: (ns) => `${ns}.optional(${ns}.string())` },
  'zod/v4-mini': { library: 'zod', optional: (ns) => `${ns}.optional(${ns}.string())` },
  valibot: { library: 'valibot', optional: (ns) => `${ns}.optional(${ns}.string())` },
}

/** zod methods of an object schema that keep its keys as they are (a `.transform()` would not). */
const KEEPING_METHODS = new Set(['strict', 'strip', 'passthrough', 'loose', 'partial'])

/**
 * zod methods that make the whole search optional or give it a fallback, keeping the object's keys as they are:
 * `.optional()`, `.nullish()` (no argument), `.default({})`, `.catch({})` (one).
 */
const WRAPPING_METHODS = new Map([
  ['optional', 0],
  ['nullish', 0],
  ['default', 1],
  ['catch', 1],
])

/**
 * The same as functions of the schema module's namespace, the schema first: zod's `z.optional(schema)`,
 * `z.nullish(schema)`, zod mini's `z.catch(schema, {})`, valibot's `v.optional(schema, {})`,
 * `v.nullish(schema)`, `v.fallback(schema, {})`.
 */
const WRAPPING_FUNCTIONS = new Set(['optional', 'nullish', 'catch', 'fallback'])

/** TanStack Router's validator adapters: `validateSearch: zodValidator(schema)`. */
const ADAPTERS = new Set(['zodValidator', 'valibotValidator', 'arkTypeValidator'])

/** The module a file imports `name` from (named, default or namespace import), or null. */
function importedFrom(sourceFile: ts.SourceFile, name: string): { module: string; imported: string } | null {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const clause = statement.importClause
    if (!clause || clause.isTypeOnly) continue
    const module = statement.moduleSpecifier.text
    if (clause.name?.text === name) return { module, imported: 'default' }
    const bindings = clause.namedBindings
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return { module, imported: '*' }
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((item) => item.name.text === name && !item.isTypeOnly)
      if (element) return { module, imported: (element.propertyName ?? element.name).text }
    }
  }
  return null
}

/** `schema` of `(search) => schema.parse(search)` (an expression body or a lone `return`), else null. */
function parsedSchema(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | null {
  let body: ts.Node = fn.body
  if (ts.isBlock(body)) {
    const [only] = body.statements
    if (body.statements.length !== 1 || !only || !ts.isReturnStatement(only) || !only.expression) return null
    body = only.expression
  }
  const call = unwrap(body as ts.Expression)
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return null
  return call.expression.name.text === 'parse' ? call.expression.expression : null
}

/** The schema a `validateSearch` value stands for: through consts, an adapter call and a `.parse` arrow. */
function schemaOf(value: ts.Expression): ts.Expression {
  let node = resolveConst(value)
  for (let hops = 0; hops < 5; hops++) {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ADAPTERS.has(node.expression.text) &&
      node.arguments.length === 1
    ) {
      node = resolveConst(node.arguments[0]!)
      // zod-adapter's options form, `zodValidator({ schema })`; with `input: 'output'` links must pass what the
      // schema outputs, where a `.default()` key is required: not followed
      if (ts.isObjectLiteralExpression(node)) {
        const property = findProperty(node, 'schema')
        const schema = property && propertyValue(property)
        const input = findProperty(node, 'input')
        if (!schema || input) return node
        node = resolveConst(schema)
      }
    } else if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const schema = parsedSchema(node)
      if (!schema) return node
      node = resolveConst(schema)
    } else return node
  }
  return node
}

/** The library a namespace (`z` of `import { z } from 'zod'`, `v` of `import * as v from 'valibot'`) is, or null. */
function schemaNamespace(sourceFile: ts.SourceFile, ns: string): (typeof SCHEMA_MODULES)[string] | null {
  const origin = importedFrom(sourceFile, ns)
  const library = origin && SCHEMA_MODULES[origin.module]
  if (!library || (origin.imported !== '*' && origin.imported !== 'default' && origin.imported !== ns)) return null
  return library
}

/**
 * The object schema call under the methods and wrappers that keep its keys (`.strict()`, `.partial()`,
 * `.optional()`, `.default({})`, `z.optional(...)`, `v.fallback(..., {})`, zod-adapter's `fallback(..., {})`),
 * and whether a `.partial()` made every key optional. Wrappers that make the whole search optional leave its
 * keys as they are: a key they require still blocks the edit.
 */
function objectSchema(schema: ts.Expression, sourceFile: ts.SourceFile): { schema: ts.Expression; partial: boolean } {
  let node = schema
  let partial = false
  for (let hops = 0; hops < 10 && ts.isCallExpression(node); hops++) {
    const callee = node.expression
    const args = node.arguments
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : null
    if (
      receiver &&
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(receiver) &&
      schemaNamespace(sourceFile, receiver.text)
    ) {
      // `z.optional(schema)`; `z.object({...})` itself ends the walk
      if (!WRAPPING_FUNCTIONS.has(callee.name.text) || args.length < 1 || args.length > 2) break
      node = resolveConst(args[0]!)
    } else if (receiver && ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text
      const keeps = KEEPING_METHODS.has(name) && args.length === 0
      if (!keeps && WRAPPING_METHODS.get(name) !== args.length) break
      partial ||= name === 'partial'
      const next = resolveConst(receiver)
      if (!ts.isCallExpression(next)) break
      node = next
    } else if (ts.isIdentifier(callee) && args.length === 2) {
      const origin = importedFrom(sourceFile, callee.text)
      if (origin?.module !== '@tanstack/zod-adapter' || origin.imported !== 'fallback') break
      node = resolveConst(args[0]!)
    } else break
  }
  return { schema: node, partial }
}

function searchObject(object: ts.ObjectLiteralExpression, property: string, what: string): SearchObject {
  const hasRedirect = object.properties.some((element) => {
    const name = element.name && propertyName(element.name)
    return name === 'redirect' || name === 'redirect?'
  })
  return { object, hasRedirect, property, what }
}

/**
 * The object schema behind a `validateSearch` (zod's `z.object({...})`, valibot's `v.object({...})`,
 * arktype's `type({...})`, in the same file, directly, through a const, `zodValidator(...)`, wrappers that keep its
 * keys (`.optional()`, `.default({})`, `z.optional(...)`, see `objectSchema`) or
 * `(search) => schema.parse(search)`); null when it is none of these (an imported schema, a `.transform()`, a plain
 * function, whose return type names every key the routes linking to the page must pass).
 *
 * @example searchSchemaObject(validateSearch, style)?.property // 'redirect: z.string().optional()'
 */
export function searchSchemaObject(validateSearch: ts.Expression, style: CodeStyle): SearchObject | null {
  const sourceFile = validateSearch.getSourceFile()
  const { schema: call, partial } = objectSchema(schemaOf(validateSearch), sourceFile)
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return null
  const object = unwrap(call.arguments[0]!)
  if (!ts.isObjectLiteralExpression(object)) return null
  // a key the schema requires would be missing from the guards' redirect to sign-in (and fail it at run time)
  if (!partial && !object.properties.every(optionalKey)) return null
  const callee = call.expression
  if (ts.isIdentifier(callee)) {
    const origin = importedFrom(sourceFile, callee.text)
    if (origin?.module !== 'arktype' || origin.imported !== 'type') return null
    return searchObject(object, `${quoted('redirect?', style)}: ${quoted('string', style)}`, 'the arktype type')
  }
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'object' || !ts.isIdentifier(callee.expression))
    return null
  const ns = callee.expression.text
  const library = schemaNamespace(sourceFile, ns)
  if (!library) return null
  return searchObject(object, `redirect: ${library.optional(ns)}`, `the ${library.library} schema`)
}

/**
 * A key a search may leave out: zod's `.optional()`, `.default(...)`, `.catch(...)`, `.nullish()` (or
 * `z.optional(...)`), valibot's `v.optional(...)`, `v.nullish(...)`, `v.fallback(...)`, arktype's `'key?'` or a
 * default (`'string = "x"'`). A spread or a method is not known to be optional.
 */
function optionalKey(element: ts.ObjectLiteralElementLike): boolean {
  if (!ts.isPropertyAssignment(element)) return false
  const name = element.name && propertyName(element.name)
  if (name?.endsWith('?')) return true
  const value = unwrap(element.initializer)
  if (ts.isStringLiteralLike(value)) return /=/.test(value.text)
  // the outermost call decides: `z.string().optional()`, `v.optional(v.string())` (not a nested object's key)
  return (
    ts.isCallExpression(value) &&
    ts.isPropertyAccessExpression(value.expression) &&
    OPTIONAL_CALLS.has(value.expression.name.text)
  )
}

const OPTIONAL_CALLS = new Set(['optional', 'default', 'catch', 'nullish', 'fallback'])
