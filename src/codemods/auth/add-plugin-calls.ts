import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import { importedNames } from '../js/bindings.js'
import { heldCalleeName } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import { importOrRefuse } from '../own-imports.js'
import { findProperty, propertyValue } from '../js/objects.js'
import type { Transform } from '../transform.js'
import { findInstance, instanceOf, refuseInstance, type InstanceOptions } from './find-instance.js'
import { listedPlugins as pluginsIn } from './spread-options.js'

/** The cookies plugin under both names Better Auth has shipped it as: it stays the last plugin. */
const COOKIES = ['tanstackStartCookies', 'reactStartCookies']

/** A plugin call to list: `twoFactor({ ... })`, with where its factory and the names its options use come from. */
export interface PluginCall {
  /** The factory's name (`twoFactor`): a plugin already listed under it, or a local alias of it, is left alone. */
  name: string
  /** The call as written into the array, on one line. */
  code: string
  /** Named imports the call needs, by module: `{ 'better-auth/plugins': ['twoFactor'] }`. */
  imports: Record<string, string[]>
}

export interface AddPluginCallsOptions extends InstanceOptions {
  plugins: PluginCall[]
  style: CodeStyle
}

/**
 * Lists plugin calls in an app's `betterAuth({ plugins: [...] })`, before the cookies plugin (which
 * must stay last), with their imports. A plugin already listed is left alone, so a second run changes
 * nothing. An instance whose `plugins` kit-auth cannot read (not an array literal, or no `plugins`) is
 * refused with what to add by hand: `kit-auth init` always writes the array.
 *
 * @example runTransform(text, 'src/lib/auth/auth.ts', addPluginCalls, { plugins: [twoFactorCall], style })
 */
export const addPluginCalls: Transform<AddPluginCallsOptions, { added: string[] }> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const at = config ?? call
  const property = config ? findProperty(config, 'plugins') : undefined
  const value = property && propertyValue(property)
  if (!value || !ts.isArrayLiteralExpression(value)) {
    throw refuseInstance(
      fileName,
      property ? 'its `plugins` are not an array literal' : 'it lists no `plugins`',
      `Add ${options.plugins.map((plugin) => plugin.code).join(', ')} to its plugins (before the cookies ` +
        `plugin) by hand`,
      options,
    )
  }
  const imports = importedNames(sourceFile)
  // what the same-file arrays it spreads list counts too (`...basePlugins`)
  const listed = pluginsIn(value).plugins.filter((plugin) => !plugin.conditional)
  const present = new Set(listed.map(({ element }) => heldCalleeName(element, imports)))
  const missing = options.plugins.filter((plugin) => !present.has(plugin.name))
  if (missing.length === 0) return { edits: [], data: { added: [] } }
  const entry = listed.find(({ element }) => COOKIES.includes(heldCalleeName(element, imports) ?? ''))
  // the cookies plugin that ends a spread array ending the list keeps it last: the calls go before it there
  const spreadLast = entry && entry.list !== value && listed.at(-1) === entry
  const list = spreadLast ? entry.list : value
  const cookies = entry && entry.list === list ? entry.element : undefined
  const unit = options.style.indent || '  '
  const last = cookies ? { element: cookies, code: cookies.getText(sourceFile) } : null
  const edits: TextEdit[] = addElements(
    text,
    sourceFile,
    list,
    missing.map((plugin) => plugin.code),
    last,
    unit,
  )
  const byModule = new Map<string, string[]>()
  for (const plugin of missing)
    for (const [from, names] of Object.entries(plugin.imports))
      byModule.set(from, [...(byModule.get(from) ?? []), ...names])
  for (const [from, names] of byModule)
    edits.push(...importOrRefuse(sourceFile, { from, names }, options.style, { at }))
  return {
    edits,
    changes: missing.map((plugin) => `${plugin.name}()`),
    data: { added: missing.map((plugin) => plugin.name) },
  }
}

/**
 * The factory names of the plugins an instance lists (`['admin', 'twoFactor', 'tanstackStartCookies']`),
 * under their imported names; empty when the file has no instance or kit-auth cannot read its plugins.
 *
 * @example listedPlugins(parse(text, 'src/lib/auth/auth.ts')).includes('twoFactor')
 */
export function listedPlugins(sourceFile: ts.SourceFile): string[] {
  const config = findInstance(sourceFile)?.options
  const property = config ? findProperty(config, 'plugins') : undefined
  const value = property && propertyValue(property)
  if (!value || !ts.isArrayLiteralExpression(value)) return []
  const imports = importedNames(sourceFile)
  return pluginsIn(value).plugins.flatMap(({ element }) => heldCalleeName(element, imports) ?? [])
}
