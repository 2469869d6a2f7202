import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { walk } from '../js/parse.js'
import { addNamedImports } from '../js/imports.js'
import { findJsxElement, insertJsxAfter, jsxChildElements, jsxTagName } from '../js/jsx.js'
import type { Transform } from '../transform.js'

/** Where the element goes: after the first (or last) child with that tag; the first rule that matches wins. */
export interface Anchor {
  tag: string
  which: 'first' | 'last'
}

export interface AddPageElementOptions {
  /** The page component's function (`SignInPage`), as kit-auth generates it. */
  component: string
  /** The JSX element whose children get the new one (`form`, `main`). */
  container: string
  /** The component to render, imported by name from `from`. */
  name: string
  from: string
  /** The element as written, e.g. `<VerifyEmailNotice user={session.user} />`. */
  jsx: string
  after: Anchor[]
  /** Other names whose presence means the page already has the feature (an inline version of it). */
  presentIf?: string[]
  style: CodeStyle
}

export type AddPageElementStatus = 'added' | 'present' | 'unrecognised'

/**
 * Puts a feature's component into one of kit-auth's own pages (an import and one element): after
 * the anchor child of the page component's container element. A page that already names it is
 * left alone (`present`); one whose component or container is gone is not edited (`unrecognised`)
 * and the caller prints the two lines instead.
 *
 * @example runTransform(text, file, addPageElement, { component: 'SignInPage', container: 'form', ... })
 */
export const addPageElement: Transform<AddPageElementOptions, { status: AddPageElementStatus }> = (file, options) => {
  const { text, sourceFile } = file
  const names = new Set([options.name, ...(options.presentIf ?? [])])
  const present = [...walk(sourceFile)].some((node) => ts.isIdentifier(node) && names.has(node.text))
  if (present) return { edits: [], data: { status: 'present' } }
  const component = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === options.component,
  )
  const container = component && findJsxElement(component, options.container)
  if (!container) return { edits: [], data: { status: 'unrecognised' } }
  const children = jsxChildElements(container)
  let anchor = children.at(-1)
  for (const rule of options.after) {
    const matching = children.filter((child) => jsxTagName(child) === rule.tag)
    const found = rule.which === 'first' ? matching[0] : matching.at(-1)
    if (found) {
      anchor = found
      break
    }
  }
  if (!anchor) return { edits: [], data: { status: 'unrecognised' } }
  return {
    edits: [
      ...addNamedImports(sourceFile, { from: options.from, names: [options.name] }, options.style),
      insertJsxAfter(text, sourceFile, anchor, options.jsx),
    ],
    changes: [options.name],
    data: { status: 'added' },
  }
}
