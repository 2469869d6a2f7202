import path from 'node:path'
import semver from 'semver'
import ts from '../../../lib/typescript.js'
import { parse, walk } from '../../codemods/js/parse.js'
import { KitError } from '../../core/errors.js'
import { listFiles, readText, relPosix } from '../../project/files.js'
import type { ProjectInfo } from '../../project/types.js'

/** The oldest Start whose APIs the templates use (createStart, getRequest, server route handlers). */
export const MIN_START_VERSION = '1.132.0'

/**
 * What Start exported before 1.132 and no longer does (its server routes, request and cookie helpers, and
 * `serverOnly`/`clientOnly`, now createServerOnlyFn/createClientOnlyFn; none is in 1.169's .d.ts files).
 */
const OLD_APIS = new Set([
  'serverOnly',
  'clientOnly',
  'createServerFileRoute',
  'createAPIFileRoute',
  'getWebRequest',
  'getHeaders',
  'getHeader',
  'parseCookies',
])
/** Start's packages and their subpaths: `@tanstack/react-start`, `@tanstack/solid-start/server`. */
const START_MODULE = /^@tanstack\/(?:react|solid)-start(?:\/[\w-]+)?$/
/** Entry points Start had before its Vite plugin: `/api`, `/config` (vinxi's app.config). */
const OLD_MODULE = /^@tanstack\/(?:react|solid)-start\/(?:api|config)$/

/** What 1.132 removed that a file really imports or configures (its syntax, not its comments or strings). */
function removedApisIn(text: string, file: string): Set<string> {
  const apis = new Set<string>()
  const sourceFile = parse(text, file)
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const specifier = statement.moduleSpecifier.text
    if (OLD_MODULE.test(specifier)) apis.add(specifier)
    if (!START_MODULE.test(specifier)) continue
    const bindings = statement.importClause?.namedBindings
    if (!bindings || !ts.isNamedImports(bindings)) continue
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text
      if (OLD_APIS.has(imported)) apis.add(imported)
    }
  }
  // the Start plugin's option for the React plugin, which 1.132 dropped
  if (text.includes('customViteReactPlugin'))
    for (const node of walk(sourceFile))
      if (
        (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'customViteReactPlugin'
      )
        apis.add('customViteReactPlugin')
  return apis
}

/**
 * Where the app's code uses Start APIs that 1.132 removed: `createServerFileRoute (src/routes/api/x.ts)`,
 * at most `limit` of them. The Vite config the app builds with is read (app.config.ts, vinxi's, only when
 * there is none: one left behind after the move to Vite is not built).
 *
 * @example await oldStartApis(project) // ['getHeaders (src/server/session.ts)']
 */
export async function oldStartApis(project: ProjectInfo, limit = 4): Promise<string[]> {
  const found: string[] = []
  const files = await listFiles(
    path.join(project.root, project.srcDirectory),
    (file) => /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file),
    2000,
  )
  const viteConfigs = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'].map((name) =>
    path.join(project.root, name),
  )
  const hasVite = (await Promise.all(viteConfigs.map((file) => readText(file)))).some((text) => text !== null)
  const configs = hasVite ? viteConfigs : [path.join(project.root, 'app.config.ts')]
  for (const file of [...configs, ...files]) {
    const text = (await readText(file)) ?? ''
    if (!text.includes('@tanstack/') && !text.includes('customViteReactPlugin')) continue
    const where = relPosix(project.root, file)
    for (const api of removedApisIn(text, file)) found.push(`${api} (${where})`)
    if (found.length >= limit) break
  }
  return found.slice(0, limit)
}

/**
 * Refuses a Start kit-auth cannot generate for, saying which version or range it saw and where
 * from. As for better-auth, the installed release decides (node_modules, else the lockfile); with
 * none, the declared range does: one that allows 1.132+ gets there on a fresh install, unless the
 * app's code uses what 1.132 removed.
 */
export async function assertStartSupported(project: ProjectInfo): Promise<void> {
  const name = project.framework.name
  const info = project.versions[name]
  const installed = info?.installed && semver.valid(info.installed) ? info.installed : null
  const declared = info?.declared && semver.validRange(info.declared) ? info.declared : null
  const allows = !!declared && semver.intersects(declared, `>=${MIN_START_VERSION}`)
  const needs = `kit-auth needs ${MIN_START_VERSION} or newer (createStart, server route handlers)`
  const how =
    "server routes go in createFileRoute's `server.handlers`; getRequest, getRequestHeaders and getCookies " +
    'replace the request helpers, createServerOnlyFn and createClientOnlyFn serverOnly and clientOnly'
  const moveApis = (apis: string[]) =>
    apis.length > 0
      ? ` Your code uses what ${MIN_START_VERSION} removed, move it too: ${apis.join(', ')} (${how}).`
      : ''
  const manager = project.packageManager.name
  const upgrade = `${manager} ${manager === 'npm' ? 'install' : 'add'} ${movingTogether(project, name)
    .map((dependency) => `${dependency}@latest`)
    .join(' ')}`
  if (installed) {
    const from = info?.source === 'node_modules' ? 'installed' : 'what the lockfile pins'
    if (!semver.lt(installed, MIN_START_VERSION)) {
      const apis = await oldStartApis(project)
      if (apis.length === 0) return
      throw new KitError(
        `${name} ${installed} is ${from}, but this app's code uses what ${MIN_START_VERSION} removed: ` +
          `${apis.join(', ')}; it does not build on the Start it has.`,
        `Move that code to Start ${MIN_START_VERSION}+ (${how}), then run kit-auth init again.`,
      )
    }
    const range = declared ? ` (package.json asks for ${declared}${allows ? ', which allows newer' : ''})` : ''
    throw new KitError(
      `${name} ${installed} is ${from}${range}: ${needs}.`,
      `${allows ? 'Update it within that range' : 'Upgrade TanStack Start'} (${upgrade}), then run kit-auth init ` +
        `again.${moveApis(await oldStartApis(project))}`,
    )
  }
  if (!declared) return
  if (!allows)
    throw new KitError(
      `This app asks for ${name} ${declared}, which allows no release from ${MIN_START_VERSION}: ${needs}.`,
      `Upgrade TanStack Start (${upgrade}), then run kit-auth init again.${moveApis(await oldStartApis(project))}`,
    )
  const apis = await oldStartApis(project)
  if (apis.length > 0)
    throw new KitError(
      `This app asks for ${name} ${declared} and nothing is installed, so a fresh install would get ` +
        `${MIN_START_VERSION} or newer, but its code uses what ${MIN_START_VERSION} removed: ${apis.join(', ')}.`,
      `Move that code to Start ${MIN_START_VERSION}+ (${how}), install, then run kit-auth init again.`,
    )
}

/** The TanStack Router packages released together, which a Start upgrade moves at once (start, router, plugin...). */
const ROUTER_FAMILY = new RegExp(
  '^@tanstack/(?:(?:react|solid)-(?:start|router)(?:-[\\w-]+)?|router-[\\w-]+|start-[\\w-]+|' +
    '(?:zod|valibot|arktype)-adapter)$',
)

/**
 * Start, and the app's dependencies of its release train (@tanstack/react-router, -devtools, router-plugin...):
 * upgrading Start alone leaves a router its new release does not work with.
 *
 * @example movingTogether(project, '@tanstack/react-start') // ['@tanstack/react-start', '@tanstack/react-router']
 */
function movingTogether(project: ProjectInfo, name: string): string[] {
  const { dependencies, devDependencies } = project.manifest
  const declared = [...Object.keys(dependencies), ...Object.keys(devDependencies)]
  return [name, ...declared.filter((dependency) => dependency !== name && ROUTER_FAMILY.test(dependency)).sort()]
}
