import ts from '../../../lib/typescript.js'
import type { TextEdit } from './edits.js'
import {
  commaAfter,
  eolOf,
  indentAt,
  leadingCommentStart,
  lineEndAfter,
  lineStart,
  sameLineComment,
  startsLine,
} from './trivia.js'
import { resolveConst } from './unwrap.js'

/** The static text of a property name (`a`, `'a'`, `"@"`, `1`), or undefined for computed names. */
export function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNoSubstitutionTemplateLiteral(name) ||
    ts.isNumericLiteral(name)
    ? name.text
    : undefined
}

/**
 * A member of an object literal by its static name (`name: x`, `'name': x`, shorthand `name`,
 * a method or accessor), or undefined.
 *
 * @example findProperty(config, 'plugins')
 */
export function findProperty(
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find(
    (property) => !ts.isSpreadAssignment(property) && !!property.name && propertyName(property.name) === name,
  )
}

/** The value a property holds, resolved through wrappers and same-file consts (null for methods and accessors). */
export function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | null {
  if (ts.isPropertyAssignment(property)) return resolveConst(property.initializer)
  if (ts.isShorthandPropertyAssignment(property)) return resolveConst(property.name)
  return null
}

/** True when the object literal spreads another object (`{ ...base }`), which may hold any property. */
export function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some(ts.isSpreadAssignment)
}

/**
 * Edits that add properties to an object literal (what `init` writes into an adopted config), `first` before its first
 * property and `last` after its last one. Each property is given as lines (inner lines indented relative to the first,
 * without the final comma). A one-line object is spread over lines first (only whitespace changes there), as Prettier
 * prints an object that no longer fits.
 */
export function addProperties(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  first: string[][],
  last: string[][],
  unit: string,
  /**
   * The indent the object's line will have, when an edit of its parent moves it (a one-line parent spread over lines).
   */
  baseIndent?: string,
): TextEdit[] {
  if (first.length + last.length === 0) return []
  const props = object.properties
  const block = (lines: string[], indent: string) =>
    lines.map((line, index) => `${indent}${line}${index === lines.length - 1 ? ',' : ''}`).join('\n')
  const head = props[0]
  const multiline = head ? text.slice(object.getStart(sourceFile), head.getStart(sourceFile)).includes('\n') : false
  if (!head || !multiline) {
    const indent = baseIndent ?? indentAt(text, object.getStart(sourceFile))
    const inner = indent + unit
    const open = object.getStart(sourceFile) + 1
    const close = object.end - 1
    const before = first.map((lines) => `\n${block(lines, inner)}`).join('')
    const after = last.map((lines) => `\n${block(lines, inner)}`).join('')
    if (!head) return [{ start: open, end: close, text: `${before}${after}\n${indent}` }]
    const edits: TextEdit[] = [{ start: open, end: head.getStart(sourceFile), text: `${before}\n${inner}` }]
    for (let index = 1; index < props.length; index++) {
      edits.push({ start: props[index - 1]!.end, end: props[index]!.getStart(sourceFile), text: `,\n${inner}` })
    }
    const final = props[props.length - 1]!
    edits.push({ start: final.end, end: close, text: `,${after}\n${indent}` })
    return edits
  }
  const indent = indentAt(text, head.getStart(sourceFile))
  const edits: TextEdit[] = []
  if (first.length > 0) {
    const at = leadingCommentStart(text, head)
    edits.push({
      start: at,
      end: at,
      text: first.map((lines) => `${block(lines, indent).slice(indent.length)}\n${indent}`).join(''),
    })
  }
  if (last.length > 0) {
    const final = props[props.length - 1]!
    if (!props.hasTrailingComma) edits.push({ start: final.end, end: final.end, text: ',' })
    const at = sameLineComment(text, props.end).end
    edits.push({ start: at, end: at, text: last.map((lines) => `\n${block(lines, indent)}`).join('') })
  }
  return edits
}

/**
 * One property for an object literal, as edits: on its own line after the last of the properties
 * named in `after` (or as the first line) in a multi-line object, inline in a one-line object.
 *
 * @example insertProperty(text, sourceFile, options, 'beforeLoad: requireAuth', '  ', new Set(['validateSearch']))
 */
export function insertProperty(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  property: string,
  indentUnit: string,
  after: ReadonlySet<string> = new Set(),
): TextEdit[] {
  const properties = object.properties
  const open = object.getStart(sourceFile) + 1
  const close = object.end - 1
  const first = properties[0]
  const eol = eolOf(text)
  if (!first) {
    const inner = text.slice(open, close)
    if (inner.trim() === '') return [{ start: open, end: close, text: ` ${property} ` }]
    // only comments inside: keep them, the property goes first
    const end = lineEndAfter(text, open)
    if (end !== -1 && end < close)
      return [{ start: end + 1, end: end + 1, text: `${indentAt(text, open)}${indentUnit}${property},${eol}` }]
    return [{ start: open, end: open, text: ` ${property}` }]
  }
  let anchorIndex = -1
  properties.forEach((element, index) => {
    const name = element.name && propertyName(element.name)
    if (name && after.has(name)) anchorIndex = index
  })
  const anchor = anchorIndex >= 0 ? properties[anchorIndex] : undefined
  const multiline = text.slice(open, first.getStart(sourceFile)).includes('\n')

  if (multiline) {
    const indent = indentAt(text, first.getStart(sourceFile))
    if (!anchor) {
      const end = lineEndAfter(text, open)
      if (end !== -1) return [{ start: end + 1, end: end + 1, text: `${indent}${property},${eol}` }]
    } else {
      const comma = commaAfter(text, anchor)
      if (comma !== -1) {
        const end = lineEndAfter(text, comma + 1)
        if (end !== -1) return [{ start: end + 1, end: end + 1, text: `${indent}${property},${eol}` }]
      } else {
        const end = lineEndAfter(text, anchor.end)
        if (end !== -1) {
          return [
            { start: anchor.end, end: anchor.end, text: ',' },
            { start: end + 1, end: end + 1, text: `${indent}${property}${eol}` },
          ]
        }
      }
    }
  }
  if (!anchor) {
    const start = first.getStart(sourceFile)
    return [{ start, end: start, text: `${property}, ` }]
  }
  const comma = commaAfter(text, anchor)
  if (comma !== -1) return [{ start: comma + 1, end: comma + 1, text: ` ${property},` }]
  return [{ start: anchor.end, end: anchor.end, text: `, ${property}` }]
}

/**
 * Edits that delete an object member the way `insertProperty` added it (its line, or its inline span), or an
 * element of an array literal the same way (`[admin(), cookies()]` -> `[admin()]`).
 */
export function removeProperty(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression,
  member: ts.Node,
): TextEdit[] {
  const properties: readonly ts.Node[] = ts.isArrayLiteralExpression(object) ? object.elements : object.properties
  const index = properties.indexOf(member)
  const start = member.getStart(sourceFile)
  const comma = commaAfter(text, member)
  const afterMember = comma === -1 ? member.end : comma + 1
  const previous = properties[index - 1]
  const next = properties[index + 1]
  const end = /^[ \t]*\r?\n/.exec(text.slice(afterMember)) ? text.indexOf('\n', afterMember) : -1
  if (startsLine(text, start) && end !== -1) {
    const edits: TextEdit[] = [{ start: lineStart(text, start), end: end + 1, text: '' }]
    if (!next && comma === -1 && previous) {
      const previousComma = commaAfter(text, previous)
      if (previousComma !== -1) edits.push({ start: previousComma, end: previousComma + 1, text: '' })
    }
    return edits
  }
  if (next) {
    // `beforeLoad: x, ` up to what follows (comments included) on the line
    let end = afterMember
    while (text[end] === ' ' || text[end] === '\t') end++
    return [{ start, end, text: '' }]
  }
  if (previous) {
    const previousComma = commaAfter(text, previous)
    return comma !== -1 && previousComma !== -1
      ? [{ start: previousComma + 1, end: comma + 1, text: '' }]
      : [{ start: previous.end, end: member.end, text: '' }]
  }
  const open = object.getStart(sourceFile) + 1
  const close = object.end - 1
  const others = text.slice(open, start) + text.slice(afterMember, close)
  if (others.trim() === '') return [{ start: open, end: close, text: '' }]
  // comments share the braces: take the member and the space before it
  return [{ start: text[start - 1] === ' ' ? start - 1 : start, end: afterMember, text: '' }]
}

/**
 * `addProperties` on the options object a call is given, or, when the call has no arguments
 * (`betterAuth()`), the edit that gives it one holding the properties.
 *
 * @example addCallOptions(text, sourceFile, call, objectLiteralOf(call.arguments[0]), [], [['plugins: []']], '  ')
 */
export function addCallOptions(
  text: string,
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  options: ts.ObjectLiteralExpression | null,
  first: string[][],
  last: string[][],
  unit: string,
): TextEdit[] {
  if (options) return addProperties(text, sourceFile, options, first, last, unit)
  if (first.length + last.length === 0) return []
  const indent = indentAt(text, call.getStart(sourceFile))
  const body = [...first, ...last]
    .map((lines) =>
      lines.map((line, index) => `${indent}${unit}${line}${index === lines.length - 1 ? ',' : ''}`).join('\n'),
    )
    .join('\n')
  return [{ start: call.arguments.pos, end: call.arguments.end, text: `{\n${body}\n${indent}}` }]
}
