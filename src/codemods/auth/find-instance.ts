import ts from '../../../lib/typescript.js'
import { declarationAround, localNamesOf } from '../js/bindings.js'
import { declarationOf, findCall, functionAround } from '../js/calls.js'
import { walk } from '../js/parse.js'
import { objectLiteralOf, unwrap } from '../js/unwrap.js'
import { refuse, type Refusal, type SourceInput } from '../transform.js'

/** An app's Better Auth instance, as the auth transforms find it. */
export interface AuthInstance {
  /** The first `betterAuth(...)` call, under any name a `better-auth*` module exports it as. */
  call: ts.CallExpression
  /**
   * The object literal it is configured with: inline, wrapped in `satisfies`/`as`, or a same-file
   * `const` it names; null when it is called without options (`betterAuth()`) or with ones
   * kit-auth cannot read (`instanceOf` refuses those).
   */
  options: ts.ObjectLiteralExpression | null
  /** The variable it initializes (`const auth = betterAuth(...)`), or null. */
  declaration: ts.VariableDeclaration | null
}

/** What every transform of the instance takes besides its own options. */
export interface InstanceOptions {
  /** What the hints of a refusal tell the user to run again once they changed the file. Default `kit-auth init`. */
  command?: string
}

/**
 * The Better Auth instance of a parsed file, or undefined when it has no `betterAuth(...)` call.
 *
 * @example findInstance(sourceFile)?.options // the `{ ... }` of `const options = { ... }; betterAuth(options)`
 */
export function findInstance(sourceFile: ts.SourceFile): AuthInstance | undefined {
  const call = findCall(
    sourceFile,
    localNamesOf(sourceFile, (specifier) => specifier.startsWith('better-auth'), 'betterAuth'),
  )
  if (!call) return undefined
  const [argument] = call.arguments
  return { call, options: objectLiteralOf(argument) ?? builtOptions(argument), declaration: declarationOf(call) }
}

/**
 * The object literal a same-file function returns when the options are its result (`betterAuth(makeOptions(env))`
 * with `function makeOptions(env) { return { ... } satisfies BetterAuthOptions }`): its only `return`, or an arrow's
 * body. Null otherwise.
 */
function builtOptions(argument: ts.Expression | undefined): ts.ObjectLiteralExpression | null {
  const call = argument && unwrap(argument)
  if (!call || !ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return null
  // a local of that name is not the module's function
  if (declarationAround(call.expression, call.expression.text)) return null
  const fn = moduleFunction(call.getSourceFile(), call.expression.text)
  if (!fn?.body) return null
  if (!ts.isBlock(fn.body)) return objectLiteralOf(fn.body)
  const returns = [...walk(fn.body)].filter(
    (node): node is ts.ReturnStatement => ts.isReturnStatement(node) && functionAround(node) === fn,
  )
  return returns.length === 1 ? objectLiteralOf(returns[0]!.expression) : null
}

/** The module-level function named `name`: a declaration, or a const holding an arrow or function expression. */
function moduleFunction(sourceFile: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | null {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer && unwrap(declaration.initializer)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && value)
        return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : null
    }
  }
  return null
}

/**
 * The instance a transform edits, or the refusal that says why it cannot: no `betterAuth(...)`
 * call, or options that are neither an object literal nor a same-file `const` holding one.
 *
 * @example const { call, options } = instanceOf(file, options)
 */
export function instanceOf(file: SourceInput, options: InstanceOptions): AuthInstance {
  const instance = findInstance(file.sourceFile)
  if (!instance) {
    throw refuseInstance(
      file.fileName,
      'no betterAuth(...) call found',
      'Create the instance with `export const auth = betterAuth({ ... })`',
      options,
    )
  }
  if (instance.call.arguments.length > 0 && !instance.options) {
    throw refuseInstance(
      file.fileName,
      'its options are not an object literal kit-auth can read',
      'Pass the options inline (`betterAuth({ ... })`) or as a `const` object in the same file',
      options,
    )
  }
  return instance
}

/**
 * The refusal of an auth transform: what is wrong with the instance, and what to do before
 * running the command again.
 *
 * @example throw refuseInstance(fileName, 'its `plugins` are not an array literal', 'Add admin() by hand', options)
 */
export function refuseInstance(fileName: string, why: string, todo: string, options: InstanceOptions): Refusal {
  return refuse(
    fileName,
    `${why}, so kit-auth cannot adopt this Better Auth instance.`,
    `${todo}, then run ${options.command ?? 'kit-auth init'} again.`,
  )
}
