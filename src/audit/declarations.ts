// What the audit reads off an entry point's declaration: its line, its name, a `@public` tag; and
// whether a middleware list authorizes.
import ts from '../../lib/typescript.js'
import { propertyName } from '../codemods/js/objects.js'
import { unwrappedParent } from '../codemods/js/unwrap.js'
import type { Authorization } from './authorization.js'
import type { Module } from './modules.js'

export function middlewareAuthorizes(
  authorization: Authorization,
  module: Module,
  list: ts.Expression | undefined,
): boolean {
  return authorization.elements(module, list).some((element) => authorization.middleware(element.module, element.node))
}

/** 1-based line of a node's first token (comments and JSDoc skipped). */
export function lineOf(module: Module, node: ts.Node): number {
  return module.sourceFile.getLineAndCharacterOfPosition(node.getStart(module.sourceFile)).line + 1
}

/**
 * A `@public` JSDoc tag right before a declaration: `/** @public shown on the pricing page *\/`. A line comment
 * (`// @public`) or a plain block comment is no JSDoc and says nothing.
 */
export function isPublic(module: Module, anchor: ts.Node): boolean {
  const text = module.sourceFile.text
  const comments = ts.getLeadingCommentRanges(text, anchor.getFullStart()) ?? []
  return comments.some((range) => {
    const comment = text.slice(range.pos, range.end)
    return /^\/\*\*(?!\/)/.test(comment) && /(?:^|[\s*])@public\b/.test(comment)
  })
}

/** The declaration that holds an entry point: its name and the node its line and `@public` are read from. */
export function declarationOf(node: ts.Expression): { name: string; anchor: ts.Node } {
  const owner = unwrappedParent(node)
  if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) {
    const list = owner.parent
    const single = ts.isVariableDeclarationList(list) && list.declarations.length === 1
    const statement = list.parent
    return { name: owner.name.text, anchor: single ? statement : owner }
  }
  if (ts.isPropertyAssignment(owner)) return { name: propertyName(owner.name) ?? owner.name.getText(), anchor: owner }
  if (ts.isExportAssignment(owner)) return { name: 'default', anchor: owner }
  return { name: '(anonymous)', anchor: node }
}
