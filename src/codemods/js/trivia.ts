import ts from '../../../lib/typescript.js'

/** Small text helpers for byte-exact edits around AST nodes. */

/** The position of the first character at or after `pos` that is neither whitespace nor inside a comment. */
export function skipTrivia(text: string, pos: number): number {
  let i = pos
  while (i < text.length) {
    const char = text[i]
    if (
      char === ' ' ||
      char === '\t' ||
      char === '\n' ||
      char === '\r' ||
      char === '\f' ||
      char === '\v' ||
      char === '\uFEFF'
    ) {
      i++
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
    } else {
      break
    }
  }
  return i
}

/**
 * The index of the `\n` ending the line that holds `pos`, when everything from `pos` to it is
 * whitespace or comments (a block comment must close on that line); -1 otherwise (code follows,
 * or the text ends without a newline).
 */
export function lineEndAfter(text: string, pos: number): number {
  let i = pos
  while (i < text.length) {
    const char = text[i]
    if (char === '\n') return i
    if (char === ' ' || char === '\t' || char === '\r') {
      i++
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i)
      return end
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end === -1 || text.slice(i, end).includes('\n')) return -1
      i = end + 2
    } else {
      return -1
    }
  }
  return -1
}

/** Start of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1
}

/** End of the line holding `pos` (the index of its `\n`, or the text's length). */
export function lineEnd(text: string, pos: number): number {
  const end = text.indexOf('\n', pos)
  return end === -1 ? text.length : end
}

/** True when only spaces and tabs stand between the start of its line and `pos`. */
export function startsLine(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos))
}

/** The end-of-line sequence a text uses. */
export function eolOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n'
}

/** The whitespace at the start of the line holding `position`. */
export function indentAt(text: string, position: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, position)))?.[0] ?? ''
}

/** Where a node's leading comments start (or the node itself when it has none). */
export function leadingCommentStart(text: string, node: ts.Node): number {
  const comments = ts.getLeadingCommentRanges(text, node.pos)
  return comments?.[0]?.pos ?? node.getStart()
}

/** Position of the comma that follows a list member (across comments), or -1. */
export function commaAfter(text: string, node: ts.Node): number {
  const next = skipTrivia(text, node.end)
  return text[next] === ',' ? next : -1
}

/**
 * A `// comment` (or one-line block comment) after `position` on its line: where it ends (before
 * the `\r` of a CRLF line), and its text.
 */
export function sameLineComment(text: string, position: number): { end: number; comment: string } {
  const match = /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/)/.exec(text.slice(position))
  return match ? { end: position + match[0].length, comment: match[1]!.trimEnd() } : { end: position, comment: '' }
}
