import ts from '../../../lib/typescript.js'
import { defaultExportObject } from '../../project/ast.js'
import type { CodeStyle } from '../../project/types.js'
import { insertElements } from '../js/arrays.js'
import { addProperties, findProperty, propertyValue } from '../js/objects.js'
import type { Transform } from '../transform.js'

export interface BundleForSsrOptions {
  /** The package the server build must bundle (resolved from each importer's own node_modules). */
  packageName: string
  style: CodeStyle
}

/**
 * Adds a package to `ssr.noExternal` in the app's Vite config (`export default defineConfig({...})`,
 * through a const too), so the server build bundles it instead of importing whatever copy the app
 * root resolves at run time. `data.added` is false when it is there already or `noExternal` is
 * `true`; a config kit-auth cannot read (a function, a spread `ssr`) changes nothing and
 * `data.added` is null (the caller says what to add by hand).
 *
 * @example runTransform(text, 'vite.config.ts', bundleForSsr, { packageName: 'zod', style })
 */
export const bundleForSsr: Transform<BundleForSsrOptions, { added: boolean | null }> = (file, options) => {
  const { text, sourceFile } = file
  const quote = options.style.quote === 'double' ? '"' : "'"
  const literal = `${quote}${options.packageName}${quote}`
  const unit = options.style.indent || '  '
  const unreadable = { edits: [], data: { added: null } }
  const config = defaultExportObject(sourceFile)
  if (!config) return unreadable
  const ssrProperty = findProperty(config, 'ssr')
  if (!ssrProperty) {
    const edits = addProperties(text, sourceFile, config, [], [[`ssr: { noExternal: [${literal}] }`]], unit)
    return { edits, changes: [`ssr.noExternal: [${literal}]`], data: { added: true } }
  }
  const ssr = propertyValue(ssrProperty)
  if (!ssr || !ts.isObjectLiteralExpression(ssr)) return unreadable
  const noExternalProperty = findProperty(ssr, 'noExternal')
  if (!noExternalProperty) {
    const edits = addProperties(text, sourceFile, ssr, [], [[`noExternal: [${literal}]`]], unit)
    return { edits, changes: [`ssr.noExternal: [${literal}]`], data: { added: true } }
  }
  const noExternal = propertyValue(noExternalProperty)
  if (noExternal?.kind === ts.SyntaxKind.TrueKeyword) return { edits: [], data: { added: false } }
  if (!noExternal || !ts.isArrayLiteralExpression(noExternal)) return unreadable
  const listed = noExternal.elements.some(
    (element) => ts.isStringLiteralLike(element) && element.text === options.packageName,
  )
  if (listed) return { edits: [], data: { added: false } }
  const edits = insertElements(text, sourceFile, noExternal, noExternal.elements.length, [literal])
  return { edits, changes: [`${literal} in ssr.noExternal`], data: { added: true } }
}
