import ts from '../../../lib/typescript.js'
import { topLevelBindings } from '../js/bindings.js'
import { propertyValue } from '../js/objects.js'
import { unwrap } from '../js/unwrap.js'

/** Better Auth's adapter makers (`better-auth/adapters`): what they return is an adapter, not a connection. */
const ADAPTER_FACTORY = /\bcreateAdapter(?:Factory)?\s*\(/

/** A module that exports adapters: Better Auth's own (`better-auth/adapters/*`) or an adapter package's. */
const ADAPTER_MODULE = /^better-auth\/adapters(?:\/|$)|^@better-auth\/[\w-]+-adapter$|(?:^|[/-])adapter(?:s)?(?:$|[/-])/

/**
 * The adapter a `database:` option calls when it is one Better Auth calls as a function (its own adapter, not a
 * connection its Kysely adapter wraps): `storeAdapter(store)`, `createAdapterFactory({...})`, a third-party
 * `surrealAdapter(db)`, or a same-file maker built with `createAdapterFactory`. Its name (the callee as written),
 * or null for anything else: a connection (`new Pool(...)`, `env.DB`, `{ dialect, type }`) or a call kit-auth
 * cannot tell from one (`getDb()`). Better Auth's migrations cannot run on such an adapter (they need Kysely).
 *
 * @example customAdapterOf(databaseProperty) // 'storeAdapter'
 */
export function customAdapterOf(database: ts.ObjectLiteralElementLike): string | null {
  const value = propertyValue(database)
  const call = value && unwrap(value)
  if (!call || !ts.isCallExpression(call)) return null
  const callee = unwrap(call.expression)
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null
  if (name === null) return null
  if (/adapter$/i.test(name) || ADAPTER_FACTORY.test(call.getText())) return callee.getText()
  if (!ts.isIdentifier(callee)) return null
  const sourceFile = call.getSourceFile()
  const binding = topLevelBindings(sourceFile).get(name)
  if (binding?.kind === 'import') return ADAPTER_MODULE.test(binding.from ?? '') ? name : null
  // a maker of the same file: `const kv = (store) => createAdapterFactory({...})`, `function kv() {...}`
  const maker = sourceFile.statements.find((statement) =>
    ts.isFunctionDeclaration(statement)
      ? statement.name?.text === name
      : ts.isVariableStatement(statement) &&
        statement.declarationList.declarations.some((item) => ts.isIdentifier(item.name) && item.name.text === name),
  )
  return maker && ADAPTER_FACTORY.test(maker.getText()) ? name : null
}
