import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { insertProperty, propertyName } from '../js/objects.js'
import type { TextEdit } from '../js/edits.js'
import { walk } from '../js/parse.js'
import { unwrap } from '../js/unwrap.js'

/**
 * The edits that give a hand-written `validateSearch` an optional `redirect`, in the shape kit-auth writes its own:
 * `(search: Record<string, unknown>): { callbackUrl?: string } => ({ callbackUrl: ... })`, an arrow whose return
 * type is an object type of optional keys only and whose body is an object literal. The type gets `redirect?: string`
 * and the object `redirect: typeof search.redirect === 'string' ? search.redirect : undefined` (`search['redirect']`
 * when the function reads its keys so, as apps under `noPropertyAccessFromIndexSignature` must). Null for any other
 * function (no return type, a required key, a named type, a block body, a parameter typed without `redirect` such as
 * `(search: { next?: string })`), which kit-auth cannot extend safely.
 *
 * @example redirectFunctionEdits(text, sourceFile, validateSearch, style)?.length // 2
 */
export function redirectFunctionEdits(
  text: string,
  sourceFile: ts.SourceFile,
  value: ts.Expression,
  style: CodeStyle,
): TextEdit[] | null {
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return null
  const [param] = value.parameters
  const returned = value.type
  if (!param || !ts.isIdentifier(param.name) || !returned || returned.kind !== ts.SyntaxKind.TypeLiteral) return null
  if (param.type && !readsAnyKey(param.type)) return null
  const members = (returned as ts.TypeLiteralNode).members
  if (!members.every((member) => member.kind === ts.SyntaxKind.PropertySignature && member.questionToken)) return null
  const names = members.map((member) => member.name && propertyName(member.name))
  const body = ts.isBlock(value.body) ? null : unwrap(value.body)
  if (!body || !ts.isObjectLiteralExpression(body) || names.includes('redirect')) return null
  const search = param.name.text
  const unit = style.indent || '  '
  // reads as the function already does: `search['next']` in an app under `noPropertyAccessFromIndexSignature`
  const read = readsWithBrackets(body, search) ? `${search}[${quoted('redirect', style)}]` : `${search}.redirect`
  const property = `redirect: typeof ${read} === ${quoted('string', style)} ? ${read} : undefined`
  const last = members[members.length - 1]
  const member: TextEdit = last
    ? { start: last.end, end: last.end, text: `${/[;,]$/.test(last.getText(sourceFile)) ? '' : ';'} redirect?: string` }
    : { start: returned.getStart(sourceFile) + 1, end: returned.end - 1, text: ' redirect?: string ' }
  return [member, ...insertProperty(text, sourceFile, body, property, unit)]
}

/**
 * A parameter type `search.redirect` can be read from: `any`, `Record<string, unknown>`, `Record<string, any>`.
 * `unknown` is not one (`search.redirect` would be TS18046), nor an object type without the key (TS2339).
 */
function readsAnyKey(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.AnyKeyword) return true
  if (type.kind !== ts.SyntaxKind.TypeReference) return false
  const reference = type as ts.TypeReferenceNode
  if (!ts.isIdentifier(reference.typeName) || reference.typeName.text !== 'Record') return false
  const [key, value] = reference.typeArguments ?? []
  return (
    key?.kind === ts.SyntaxKind.StringKeyword &&
    (value?.kind === ts.SyntaxKind.UnknownKeyword || value?.kind === ts.SyntaxKind.AnyKeyword)
  )
}

/** True when `node` reads a key of the parameter `name` with a string in brackets: `search['next']`. */
function readsWithBrackets(node: ts.Node, name: string): boolean {
  return [...walk(node)].some(
    (inner) =>
      ts.isElementAccessExpression(inner) &&
      ts.isIdentifier(inner.expression) &&
      inner.expression.text === name &&
      ts.isStringLiteralLike(inner.argumentExpression),
  )
}
