import ts from '../../../lib/typescript.js'
import type { TextEdit } from './edits.js'
import { walk } from './parse.js'
import { indentAt } from './trivia.js'

/** An element of JSX, with children (`<main>...</main>`) or self-closing (`<Sessions />`). */
export type JsxNode = ts.JsxElement | ts.JsxSelfClosingElement

/** The tag as written: `main`, `Sessions`, `Foo.Bar`. */
export function jsxTagName(node: JsxNode): string {
  return (ts.isJsxElement(node) ? node.openingElement.tagName : node.tagName).getText()
}

/**
 * The first element with that tag inside `node` (depth first), or undefined.
 *
 * @example findJsxElement(accountPage, 'main')
 */
export function findJsxElement(node: ts.Node, tag: string): ts.JsxElement | undefined {
  for (const child of walk(node)) if (ts.isJsxElement(child) && jsxTagName(child) === tag) return child
  return undefined
}

/** The direct child elements of an element (text and `{...}` expressions left out). */
export function jsxChildElements(element: ts.JsxElement): JsxNode[] {
  return element.children.filter(
    (child): child is JsxNode => ts.isJsxElement(child) || ts.isJsxSelfClosingElement(child),
  )
}

/**
 * The edit that puts `jsx` (one line, e.g. `<ChangeEmailForm />`) on its own line right after a
 * sibling element, at that sibling's indentation.
 *
 * @example insertJsxAfter(text, sourceFile, submitButton, '<ForgotPasswordLink />')
 */
export function insertJsxAfter(text: string, sourceFile: ts.SourceFile, sibling: JsxNode, jsx: string): TextEdit {
  const indent = indentAt(text, sibling.getStart(sourceFile))
  return { start: sibling.end, end: sibling.end, text: `\n${indent}${jsx}` }
}
