import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import { walk } from '../js/parse.js'
import { unwrap, variableInitializer } from '../js/unwrap.js'
import { refuse, type SourceInput } from '../transform.js'
import { type BeforeLoadMember, composedArrow, composedMethod, guardProperty } from './guard-shape.js'

/**
 * Edits that wrap the user's `beforeLoad` in one of the compositions of guard-shape.ts so `guard`
 * runs first. The user's code keeps its bytes: a value is wrapped where it stands, a method
 * becomes a function expression (its parameters stay typed: TypeScript types an immediately
 * called function from its arguments).
 *
 * @example composeGuard(file, findBeforeLoad(file, options)!, 'requireAuth')
 */
export function composeGuard(file: SourceInput, member: BeforeLoadMember, guard: string): TextEdit[] {
  const { text, sourceFile } = file
  if (ts.isPropertyAssignment(member)) {
    const value = member.initializer
    const param = wrapperParam(value, guard)
    const start = value.getStart(sourceFile)
    const args = takesNoArguments(sourceFile, value) ? '' : param
    return [{ start, end: value.end, text: composedArrow(guard, param, text.slice(start, value.end), args) }]
  }
  if (ts.isShorthandPropertyAssignment(member)) {
    const param = wrapperParam(member.name, guard)
    const args = takesNoArguments(sourceFile, member.name) ? '' : param
    const value = composedArrow(guard, param, member.name.text, args)
    return [{ start: member.getStart(sourceFile), end: member.end, text: guardProperty(value) }]
  }
  if (member.asteriskToken) {
    throw refuse(
      file.fileName,
      'beforeLoad is a generator method, which kit-auth cannot compose with.',
      'Make beforeLoad a plain or async function, then run protect again.',
    )
  }
  const start = member.getStart(sourceFile)
  const modifiers = text.slice(start, member.name.getStart(sourceFile))
  const fn = `${modifiers}function ${text.slice(member.name.end, member.end)}`
  const param = wrapperParam(member, guard)
  const args = member.parameters.length === 0 ? '' : param
  const name = member.name.getText(sourceFile)
  return [{ start, end: member.end, text: composedMethod(name, guard, param, fn, args) }]
}

/**
 * True when the user's beforeLoad is a function of no parameters (inline, or declared in the file):
 * TypeScript refuses a call with more arguments than such a function takes, so it is called with none.
 * A function imported from elsewhere is assumed to take the route context.
 */
function takesNoArguments(sourceFile: ts.SourceFile, expression: ts.Expression): boolean {
  const value = unwrap(expression)
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value.parameters.length === 0
  if (!ts.isIdentifier(value)) return false
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === value.text)
      return statement.parameters.length === 0
  }
  const declared = variableInitializer(sourceFile, value.text)
  const fn = declared && unwrap(declared)
  return fn !== undefined && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length === 0
}

/** A parameter name for the wrapper that the wrapped code does not mention. */
function wrapperParam(node: ts.Node, guard: string): string {
  const used = new Set<string>([guard])
  for (const child of walk(node)) if (ts.isIdentifier(child)) used.add(child.text)
  for (const candidate of ['ctx', 'routeCtx', 'guardCtx']) if (!used.has(candidate)) return candidate
  let index = 2
  while (used.has(`ctx${index}`)) index++
  return `ctx${index}`
}
