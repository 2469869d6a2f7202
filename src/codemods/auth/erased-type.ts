import ts from '../../../lib/typescript.js'
import { localNamesOf } from '../js/bindings.js'
import { enclosingFactory } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import { walk } from '../js/parse.js'
import { unwrap } from '../js/unwrap.js'
import type { Transform } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'

/** How the report's change begins; `adopt-existing` tells it apart from what was added. */
export const ERASED_TYPE = 'erased type'

/**
 * Names the instance's own type where the file writes Better Auth's type for any options, `ReturnType<typeof
 * betterAuth>` (or an alias of it): as the annotation of the function that makes the instance (`function
 * createAuthInstance(env): AuthInstance`) or of the const that holds it, it is what `typeof auth` is, so the plugins
 * and fields kit-auth adds (and the app's own) are invisible to every file that reads them (`auth.api.banUser`,
 * `session.user.role`). That annotation goes, and each `ReturnType<typeof betterAuth>` becomes `ReturnType<typeof
 * createAuthInstance>` (`typeof auth` for a const), so the app's memo and accessor keep their annotations and get
 * the real type. Nothing changes when no such annotation types the instance.
 *
 * @example `type A = ReturnType<typeof betterAuth>; function make(): A { return betterAuth({}) }`
 *   // -> `type A = ReturnType<typeof make>; function make() { return betterAuth({}) }`
 */
export const unerasedInstanceType: Transform<InstanceOptions> = (file, options) => {
  const { call, declaration } = instanceOf(file, options)
  const { text, sourceFile } = file
  const names = localNamesOf(sourceFile, (specifier) => specifier.startsWith('better-auth'), 'betterAuth')
  const erased = [...walk(sourceFile)].filter(
    (node): node is ts.TypeReferenceNode => ts.isTypeReferenceNode(node) && isErased(node, names),
  )
  if (erased.length === 0) return { edits: [] }
  const aliases = new Set(
    erased.flatMap((node) =>
      ts.isTypeAliasDeclaration(node.parent) && node.parent.type === node ? [node.parent.name.text] : [],
    ),
  )
  const erasing = (type: ts.TypeNode | undefined): type is ts.TypeNode =>
    !!type &&
    ts.isTypeReferenceNode(type) &&
    (erased.includes(type) || (ts.isIdentifier(type.typeName) && aliases.has(type.typeName.text)))
  const factory = enclosingFactory(call)
  const maker = factory ? makerOf(call) : null
  const holder = declaration && ts.isIdentifier(declaration.name) ? declaration : null
  const annotated = maker ?? holder
  if (!annotated || !erasing(annotated.type)) return { edits: [] }
  const own = factory ? factory.name : (holder!.name as ts.Identifier).text
  const colon = text.lastIndexOf(':', annotated.type.getStart(sourceFile))
  const edits: TextEdit[] = [{ start: colon, end: annotated.type.end, text: '' }]
  // only the aliases the annotation names: another instance's `ReturnType<typeof betterAuth>` stays as it is
  const annotation = annotated.type
  const named =
    ts.isTypeReferenceNode(annotation) && ts.isIdentifier(annotation.typeName) ? annotation.typeName.text : null
  for (const node of erased)
    if (
      node !== annotation &&
      ts.isTypeAliasDeclaration(node.parent) &&
      node.parent.type === node &&
      node.parent.name.text === named
    )
      edits.push({
        start: node.getStart(sourceFile),
        end: node.end,
        text: factory ? `ReturnType<typeof ${own}>` : `typeof ${own}`,
      })
  return { edits, changes: [`${ERASED_TYPE} ${annotated.type.getText(sourceFile)}`] }
}

/** `ReturnType<typeof betterAuth>`, under any local name of betterAuth. */
function isErased(node: ts.TypeReferenceNode, names: ReadonlySet<string>): boolean {
  if (!ts.isIdentifier(node.typeName) || node.typeName.text !== 'ReturnType') return false
  const [argument] = node.typeArguments ?? []
  return (
    node.typeArguments?.length === 1 &&
    !!argument &&
    ts.isTypeQueryNode(argument) &&
    // `typeof betterAuth<typeof options>` is typed by those options: it hides nothing
    !argument.typeArguments &&
    ts.isIdentifier(argument.exprName) &&
    names.has(argument.exprName.text)
  )
}

/** The function whose result is the instance call (`return betterAuth(...)`, `() => betterAuth(...)`). */
function makerOf(call: ts.CallExpression): ts.SignatureDeclaration | null {
  let node: ts.Node = call
  while (node.parent && !ts.isFunctionLike(node.parent)) node = node.parent
  const fn = node.parent
  if (!fn || !ts.isFunctionLike(fn)) return null
  const body = 'body' in fn ? fn.body : undefined
  if (!body) return null
  // `return betterAuth(...)` or `() => betterAuth(...)`: not a memo or a local that other annotations type
  if (!ts.isBlock(body)) return unwrap(body as ts.Expression) === call ? fn : null
  let owner: ts.Node = call.parent
  while (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isSatisfiesExpression(owner))
    owner = owner.parent
  return ts.isReturnStatement(owner) ? fn : null
}
