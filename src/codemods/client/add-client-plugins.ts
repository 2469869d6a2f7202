import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import { importedNames, topLevelBindings } from '../js/bindings.js'
import { calleeName } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import { addImportLine, quoted } from '../js/imports.js'
import { importOrRefuse } from '../own-imports.js'
import { addCallOptions, findProperty, hasSpread, propertyValue } from '../js/objects.js'
import { indentAt } from '../js/trivia.js'
import { objectLiteralOf } from '../js/unwrap.js'
import { refuse, type Transform } from '../transform.js'
import { findClientCall } from './find-client.js'

const CLIENT_PLUGINS_FROM = 'better-auth/client/plugins'
/** Needs the instance's type: written `inferAdditionalFields<typeof auth>()`. */
const INFER = 'inferAdditionalFields'
/** What init's hint asks for when kit-auth cannot edit the client. */
const INIT_CLIENT_PLUGINS = 'adminClient() and organizationClient()'

export interface AddClientPluginsOptions {
  /** Client plugin factories from better-auth/client/plugins: `inferAdditionalFields`, `adminClient`... */
  plugins: string[]
  /** How the file imports the instance's type, for `inferAdditionalFields<typeof auth>()`: `{ from, clause }`. */
  authType?: { from: string; clause: string }
  /** What a refusal's hint tells the user to run again; without it, init's hint (let init write its own client). */
  command?: string
  /** A plugin's call as written when it takes options (lines after the first indented by `style.indent`). */
  calls?: Record<string, string>
  /** The module the plugins come from, when not better-auth/client/plugins (`@better-auth/passkey/client`). */
  from?: string
  style: CodeStyle
}

/**
 * Adds client plugins to an app's `createAuthClient(...)`, creating its options or `plugins` when
 * missing, and imports them (the instance as a type only). Plugins already listed are left alone.
 *
 * @example runTransform(text, 'src/lib/auth-client.ts', addClientPlugins, { plugins: ['adminClient'], style })
 */
export const addClientPlugins: Transform<AddClientPluginsOptions> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const plugins = options.command ? options.plugins.map((name) => `${name}()`).join(', ') : INIT_CLIENT_PLUGINS
  const unsupported = (why: string) =>
    refuse(
      fileName,
      `${why}, so kit-auth cannot add its client plugins.`,
      `Add ${plugins} (from ${CLIENT_PLUGINS_FROM}) to the client by hand, ` +
        (options.command
          ? `then run ${options.command} again.`
          : 'or run kit-auth init again and let it generate its own client.'),
    )
  const call = findClientCall(sourceFile)
  if (!call) throw unsupported('no createAuthClient(...) call found')
  const config = objectLiteralOf(call.arguments[0])
  if (call.arguments.length > 0 && !config) throw unsupported('its options are not an object literal')
  const property = config ? findProperty(config, 'plugins') : undefined
  const value = property && propertyValue(property)
  if (property && (!value || !ts.isArrayLiteralExpression(value)))
    throw unsupported('its `plugins` are not an array literal')
  if (!property && config && hasSpread(config))
    throw unsupported('its options spread another object that may hold `plugins`')
  const list = value as ts.ArrayLiteralExpression | undefined
  const imports = importedNames(sourceFile)
  const present = new Set(list?.elements.map((element) => calleeName(element, imports)))
  const missing = options.plugins.filter((name) => !present.has(name))
  if (missing.length === 0) return { edits: [] }

  const unit = options.style.indent || '  '
  // a call written on several lines (indented by `unit`) continues at the indent of the list's elements
  const first = list?.elements[0]
  // (a one-line list is expanded, its elements one level below the line it is on)
  const oneLine = !!list && !!first && !text.slice(list.getStart(sourceFile), first.getStart(sourceFile)).includes('\n')
  const at = first ? indentAt(text, first.getStart(sourceFile)) + (oneLine ? unit : '') : unit.repeat(2)
  // the instance's type under `auth`, or another name where the file's own `auth` is something else (the client)
  const bound = topLevelBindings(sourceFile)
  const ownAuth = bound.get('auth')?.kind === 'declaration'
  // the instance's export the file imports already, under any name (`import type { auth as ServerAuth }`)
  const wanted = options.authType && exportOf(options.authType.clause)
  const existing = ownAuth
    ? [...bound].find(
        ([, binding]) =>
          binding.kind === 'import' && binding.from === options.authType?.from && binding.imported === wanted,
      )?.[0]
    : undefined
  let authName = existing ?? (ownAuth ? 'ServerAuth' : 'auth')
  for (let n = 2; ownAuth && !existing && bound.has(authName); n++) authName = `ServerAuth${n}`
  const calls = missing.map((name) =>
    (options.calls?.[name] ?? (name === INFER ? `${INFER}<typeof ${authName}>()` : `${name}()`)).replace(
      /\n/g,
      `\n${at}`,
    ),
  )
  const edits: TextEdit[] = list
    ? addElements(text, sourceFile, list, calls, null, unit)
    : addCallOptions(
        text,
        sourceFile,
        call,
        config,
        [],
        [['plugins: [', ...calls.map((item) => `${unit}${item},`), ']']],
        unit,
      )
  edits.push(
    ...importOrRefuse(sourceFile, { from: options.from ?? CLIENT_PLUGINS_FROM, names: missing }, options.style, {
      at: config ?? call,
    }),
  )
  if (missing.includes(INFER) && !bound.has(authName)) {
    if (!options.authType) throw new Error(`kit-auth bug: addClientPlugins needs authType to add ${INFER}()`)
    const { clause, from } = options.authType
    const imported = ownAuth ? clauseAs(clause, authName) : clause
    edits.push(
      ...addImportLine(sourceFile, `import type ${imported} from ${quoted(from, options.style)}`, options.style),
    )
  }
  return { edits, changes: calls }
}

export interface AdoptClientOptions {
  admin: boolean
  organization: boolean
  /** `magicLinkClient()`: the instance signs in by magic link only (no password), kit-auth's sign-in page uses it. */
  magicLink?: boolean
  /** How the client file imports the auth instance's type: `{ from: '#/lib/auth', clause: '{ auth }' }`. */
  authType: { from: string; clause: string }
  style: CodeStyle
}

/**
 * What `init` adds to an app's own auth client: `inferAdditionalFields<typeof auth>()`, and
 * `adminClient()` / `organizationClient()` as chosen.
 *
 * @example runTransform(text, file, adoptAuthClient, { admin: true, organization: true, authType, style }, { style })
 */
export const adoptAuthClient: Transform<AdoptClientOptions> = (file, options) =>
  addClientPlugins(file, {
    plugins: [
      INFER,
      ...(options.admin ? ['adminClient'] : []),
      ...(options.organization ? ['organizationClient'] : []),
      ...(options.magicLink ? ['magicLinkClient'] : []),
    ],
    authType: options.authType,
    style: options.style,
  })

/** The export an import clause names: `auth` for `{ auth }`, `getAuth` for `{ getAuth as auth }`, `default`. */
function exportOf(clause: string): string {
  return clause.startsWith('{')
    ? clause
        .slice(1, -1)
        .trim()
        .split(/\s+as\s+/)[0]!
        .replace(/^type\s+/, '')
    : 'default'
}

/** An import clause that binds `auth` (`{ auth }`, `{ getAuth as auth }`, `auth`) made to bind `local` instead. */
function clauseAs(clause: string, local: string): string {
  return clause.startsWith('{') ? `{ ${exportOf(clause)} as ${local} }` : local
}
