import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import { importedNames } from '../js/bindings.js'
import { heldCalleeName } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import { importOrRefuse } from '../own-imports.js'
import { addCallOptions, removeProperty } from '../js/objects.js'
import { unwrap } from '../js/unwrap.js'
import type { Transform } from '../transform.js'
import { instanceOf, refuseInstance, type InstanceOptions } from './find-instance.js'
import { listedPlugins, pluginsArray, readOnlyBy, spreadArray, type ListedPlugin } from './spread-options.js'

/** The server plugins kit-auth's generated code builds on, in the order they are added. */
const PLUGINS = ['admin', 'organization', 'apiTokens', 'accountLockout'] as const
/** Plugins kit-auth generates itself (in lib/auth), imported from the module the options name. */
const LOCAL_PLUGINS = { apiTokens: 'apiTokensFrom', accountLockout: 'lockoutFrom' } as const
/** The cookies plugin, under both names Better Auth has shipped it as: it must be the last plugin. */
const COOKIES = ['tanstackStartCookies', 'reactStartCookies']
/** What better-auth 1.4 and later call it; 1.3 has `reactStartCookies` from `better-auth/react-start`. */
const CURRENT_COOKIES = { name: 'tanstackStartCookies', from: 'better-auth/tanstack-start' }
const PLUGINS_FROM = 'better-auth/plugins'

export interface AddPluginsOptions extends InstanceOptions {
  plugins: Partial<Record<(typeof PLUGINS)[number], boolean>>
  /** Module specifier of the generated api-tokens module, as this file imports it (needed for `apiTokens`). */
  apiTokensFrom?: string
  /** Module specifier of the generated lockout module, as this file imports it (needed for `accountLockout`). */
  lockoutFrom?: string
  /** The cookies plugin of the installed release, added when none is listed (`tanstackStartCookies` by default). */
  cookies?: { name: string; from: string }
  style: CodeStyle
}

/**
 * Brings the `plugins` of an app's `betterAuth(...)` instance up to what kit-auth's generated code
 * needs: the missing `admin()`, `organization()`, `apiTokens()`, `accountLockout()` (the array, or the options, created
 * when missing), and the cookies plugin last (`options.cookies`, added when missing, moved when it is not last).
 * Imports what it adds; plugins already listed, under any local name, are left alone, in the instance's own
 * array or in a same-file array it spreads (`...(options.plugins ?? [])`, `optionProperty`/`listedPlugins`).
 * `data.added` names the plugins it added.
 *
 * @example runTransform(text, 'src/lib/auth.ts', addPlugins, { plugins: { organization: true }, style }, { style })
 */
export const addPlugins: Transform<AddPluginsOptions, { added: string[] }> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  // where the plugin calls go: a name bound around it (a factory's local) is not the import
  const at = config ?? call
  const unit = options.style.indent || '  '
  const cookiesPlugin = options.cookies ?? CURRENT_COOKIES
  const cookiesCall = `${cookiesPlugin.name}()`
  const wanted = PLUGINS.filter((name) => options.plugins[name])
  const found = config ? pluginsArray(config) : null
  if (found === 'unknown') {
    throw refuseInstance(
      fileName,
      'its options spread another object that may hold `plugins`',
      'List `plugins: [...]` in the betterAuth({ ... }) call itself',
      options,
    )
  }
  const byHand = `Add ${wanted.map((name) => `${name}()`).join(', ')} and ${cookiesCall} (last)`
  if (found === 'other') {
    throw refuseInstance(
      fileName,
      'its `plugins` are not an array literal',
      `${byHand} to its plugins by hand`,
      options,
    )
  }
  // `plugins: basePlugins`: that const is edited, unless other code reads it too
  if (found && found.list !== unwrap(found.value) && !readOnlyBy(found.value, call)) {
    const name = found.value.getText(sourceFile)
    throw refuseInstance(
      fileName,
      `its \`plugins\` are \`${name}\`, which code outside the instance reads too (what kit-auth adds there ` +
        'would change it)',
      `Write \`plugins: [...${name}]\` in the betterAuth({ ... }) call`,
      options,
    )
  }
  const value = found?.list
  const listed = value ? listedPlugins(value) : { plugins: [], unread: null }
  if (listed.unread) {
    throw refuseInstance(
      fileName,
      `its \`plugins\` spread \`${listed.unread.getText(sourceFile)}\`, which kit-auth cannot read (it may list them)`,
      `${byHand} to its plugins by hand, or spread an array of the same file`,
      options,
    )
  }
  const imports = importedNames(sourceFile)
  const pluginName = (element: ts.Expression) => heldCalleeName(element, imports)
  // a plugin a conditional spread lists is there only sometimes: kit-auth's own are added unconditionally
  const always = listed.plugins.filter((plugin) => !plugin.conditional)
  // one kit-auth needs there only under a condition: a second, default one added beside it would override its options
  const needed = new Set<string>([...COOKIES, ...wanted])
  const sometimes = listed.plugins.find((plugin) => plugin.conditional && needed.has(pluginName(plugin.element) ?? ''))
  if (sometimes) {
    const cookies = COOKIES.includes(pluginName(sometimes.element) ?? '')
    throw refuseInstance(
      fileName,
      `its \`${sometimes.element.getText(sourceFile)}\` is listed only under a condition, and ` +
        (cookies ? 'Better Auth needs the cookies plugin always, last' : 'kit-auth needs it always'),
      `Move ${sometimes.element.getText(sourceFile)} out of the condition` +
        (cookies ? ', to the end of its plugins' : ' (with its options)'),
      options,
    )
  }
  const present = new Set(always.map(({ element }) => pluginName(element)))
  const missing = wanted.filter((name) => !present.has(name))
  const cookiesEntry = always.find(({ element }) => COOKIES.includes(pluginName(element) ?? ''))
  const cookies = cookiesEntry?.element
  const moveOut = cookiesEntry && value ? spreadBeforeOthers(cookiesEntry, value, listed.plugins, call) : null
  if (moveOut === 'refuse') {
    throw refuseInstance(
      fileName,
      `its \`${cookies!.getText(sourceFile)}\` is in an array its \`plugins\` spread before other plugins, which ` +
        'code outside the instance reads too: Better Auth needs it last',
      `Move ${cookies!.getText(sourceFile)} to the end of the plugins in the betterAuth({ ... }) call by hand`,
      options,
    )
  }
  // a cookies plugin listed in a spread array (`const options = { plugins: [..., tanstackStartCookies()] }`): the
  // new plugins go before it there; one with plugins after it in the instance's array moves to its end
  const list = moveOut ? value : (cookiesEntry?.list ?? value)
  const calls = missing.map((name) => `${name}()`)
  const last = moveOut
    ? { element: undefined, code: cookies!.getText(sourceFile) }
    : { element: cookies, code: cookiesCall }

  const edits: TextEdit[] = list
    ? addElements(text, sourceFile, list, calls, last, unit)
    : addCallOptions(
        text,
        sourceFile,
        call,
        config,
        [],
        [['plugins: [', ...[...calls, cookiesCall].map((item) => `${unit}${item},`), ']']],
        unit,
      )
  if (moveOut) edits.push(...removeProperty(text, sourceFile, cookiesEntry!.list, cookies!))
  const changes = [...calls]
  if (!cookies) changes.push(cookiesCall)
  else if (cookies !== list!.elements.at(-1)) changes.push(`${cookies.getText(sourceFile)} moved last`)

  const fromPlugins = missing.filter((name) => !(name in LOCAL_PLUGINS))
  edits.push(...importOrRefuse(sourceFile, { from: PLUGINS_FROM, names: fromPlugins }, options.style, { at }))
  for (const [name, option] of Object.entries(LOCAL_PLUGINS)) {
    if (!missing.includes(name as keyof typeof LOCAL_PLUGINS)) continue
    const from = options[option]
    if (!from) throw new Error(`kit-auth bug: addPlugins needs ${option} to add ${name}()`)
    edits.push(...importOrRefuse(sourceFile, { from, names: [name] }, options.style, { at }))
  }
  if (!cookies)
    edits.push(
      ...importOrRefuse(sourceFile, { from: cookiesPlugin.from, names: [cookiesPlugin.name] }, options.style, { at }),
    )
  return { edits, changes, data: { added: missing } }
}

/**
 * A cookies plugin listed in an array the instance's own `plugins` spread, with plugins after it: the spread it is
 * in, when that array is read there only (the plugin can move to the end of the instance's array), else `refuse`.
 * Null when it is last already, or in the instance's own array (moved within it).
 */
function spreadBeforeOthers(
  cookies: ListedPlugin,
  own: ts.ArrayLiteralExpression,
  plugins: ListedPlugin[],
  instance: ts.Node,
): ts.SpreadElement | 'refuse' | null {
  if (cookies.list === own || plugins.at(-1) === cookies) return null
  const spread = own.elements.find(
    (element): element is ts.SpreadElement =>
      ts.isSpreadElement(element) && spreadArray(element.expression) === cookies.list,
  )
  return spread && readOnlyBy(spread.expression, instance) ? spread : 'refuse'
}
