import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import { importedNames } from '../js/bindings.js'
import { calleeName } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import type { NamedImport } from '../js/imports.js'
import { importOrRefuse } from '../own-imports.js'
import { findProperty, hasSpread, propertyValue } from '../js/objects.js'
import { indentAt } from '../js/trivia.js'
import { objectLiteralOf, unwrap } from '../js/unwrap.js'
import type { Transform } from '../transform.js'
import { instanceOf, refuseInstance, type InstanceOptions } from './find-instance.js'

/** The cookies plugin under both names Better Auth has shipped it as: it stays the last plugin. */
const COOKIES = ['tanstackStartCookies', 'reactStartCookies']

export interface AddSignInPluginOptions extends InstanceOptions {
  /** The plugin's factory, as better-auth/plugins exports it: `genericOAuth`, `magicLink`. */
  plugin: string
  /** The whole call to add when the instance has none (`magicLink({ ... })`), as lines. */
  call: string[]
  /**
   * For a plugin configured with a list (`genericOAuth({ config: [...] })`): the entry to add to
   * that list when no entry has this `key` set to `value` yet.
   */
  entry?: { list: string; key: string; value: string; lines: string[] }
  /** What the call and the entry use. */
  imports: NamedImport[]
  style: CodeStyle
}

export type SignInPluginStatus = 'added' | 'entry-added' | 'present'

/**
 * Adds a sign-in plugin to an instance's `plugins`, before the cookies plugin (which must stay
 * last), or, when the plugin is there and takes a list of providers, the provider to that list.
 * A plugin or provider already configured is left alone (`present`). A `plugins` value kit-auth
 * cannot read is refused with what to add by hand.
 *
 * @example runTransform(text, file, addSignInPlugin, { plugin: 'magicLink', call: ['magicLink({ ... })'], imports,
 *   style })
 */
export const addSignInPlugin: Transform<AddSignInPluginOptions, { status: SignInPluginStatus }> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const unit = options.style.indent || '  '
  const byHand = (why: string) =>
    refuseInstance(fileName, why, `Add ${options.plugin}(...) to its plugins by hand`, {
      command: options.command ?? 'kit-auth add',
    })
  const property = config ? findProperty(config, 'plugins') : undefined
  const value = property && propertyValue(property)
  if (!config || !property || !value || !ts.isArrayLiteralExpression(value)) {
    if (config && !property && !hasSpread(config)) throw byHand('it has no `plugins` list')
    throw byHand('its `plugins` are not an array literal')
  }
  /** Lines as one element of `list`: the inner ones indented like its elements. */
  const block = (list: ts.ArrayLiteralExpression, lines: string[]) => {
    const first = list.elements[0]
    // a multi-line list: its elements' indent; else the one addElements spreads them over lines with
    const multiline = first && text.slice(list.getStart(sourceFile), first.getStart(sourceFile)).includes('\n')
    const indent = multiline
      ? indentAt(text, first.getStart(sourceFile))
      : indentAt(text, list.getStart(sourceFile)) + unit
    return lines.map((line, index) => (index === 0 ? line : `${indent}${line}`)).join('\n')
  }
  const imports = importedNames(sourceFile)
  const existing = value.elements.find((element) => calleeName(element, imports) === options.plugin)
  if (existing) {
    const entry = options.entry
    if (!entry) return { edits: [], data: { status: 'present' } }
    const pluginOptions = objectLiteralOf((unwrap(existing) as ts.CallExpression).arguments[0])
    const listProperty = pluginOptions ? findProperty(pluginOptions, entry.list) : undefined
    const list = listProperty && propertyValue(listProperty)
    if (!list || !ts.isArrayLiteralExpression(list))
      throw byHand(`its ${options.plugin}(...) has no \`${entry.list}\` array kit-auth can read`)
    const listed = list.elements.some((element) => {
      const object = objectLiteralOf(element)
      const key = object ? findProperty(object, entry.key) : undefined
      const keyValue = key && propertyValue(key)
      return !!keyValue && ts.isStringLiteralLike(keyValue) && keyValue.text === entry.value
    })
    if (listed) return { edits: [], data: { status: 'present' } }
    return {
      edits: addElements(text, sourceFile, list, [block(list, entry.lines)], null, unit),
      changes: [`${options.plugin} ${entry.value}`],
      data: { status: 'entry-added' },
    }
  }
  const cookies = value.elements.find((element) => COOKIES.includes(calleeName(element, imports) ?? ''))
  const edits: TextEdit[] = [
    ...addElements(
      text,
      sourceFile,
      value,
      [block(value, options.call)],
      cookies ? { element: cookies, code: cookies.getText(sourceFile) } : null,
      unit,
    ),
  ]
  for (const wanted of options.imports)
    edits.push(...importOrRefuse(sourceFile, wanted, options.style, { at: config ?? call }))
  return { edits, changes: [`${options.plugin}()`], data: { status: 'added' } }
}
