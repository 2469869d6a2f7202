import path from 'node:path'
import ts from '../../lib/typescript.js'
import {
  defaultExportObject,
  literalOf,
  objectOf,
  objectPropertyOf,
  parseConfigSource,
  propertyName,
  propertyOf,
  resolve,
  stringOf,
  walk,
} from './ast.js'
import { isFallback } from '../codemods/js/unwrap.js'
import { isPort } from './dev-server.js'
import { firstFile, readText } from './files.js'
import { importedBindings } from './imported-bindings.js'

/** Vite config file names, in the order Vite tries them. */
export const VITE_CONFIG_FILES = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'] as const

/** Route paths set in `tanstackStart({...})`, as written. */
export interface StartOptions {
  srcDirectory?: string
  routesDirectory?: string
  generatedRouteTree?: string
  /**
   * What routesDirectory/generatedRouteTree are relative to: `srcDirectory` (`router: {}`), or the app root (pre-1.132
   * `tsr: {}`).
   */
  relativeTo: 'srcDirectory' | 'root'
  /** `router: { basepath }`, as written. */
  routerBasepath?: string
  /** `serverFns: { base }`, as written (Start's default is `/_serverFn`). */
  serverFnsBase?: string
}

/** A `resolve.alias` entry: the key as written and the folder it points to (a path written relative to the config). */
export interface ViteAlias {
  find: string
  replacement: string
}

export interface ViteConfigInfo {
  /** File name relative to the app root. */
  file: string
  start: StartOptions
  aliases: ViteAlias[]
  /** The config's `base` (Vite's public base), as written. */
  base?: string
  /** `server: { port }`, when a number is written there (or is the fallback: `Number(process.env.PORT) || 3001`). */
  serverPort?: number
  /** True when the config imports Nitro's Vite plugin (`nitro/vite`), which moves the dev server to PORT or 3000. */
  nitro?: boolean
}

/** Local names the file gives the `tanstackStart` plugin (`import { tanstackStart as start }`). */
function startPluginNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set(['tanstackStart'])
  for (const node of walk(sourceFile)) {
    if (ts.isImportSpecifier(node) && (node.propertyName ?? node.name).text === 'tanstackStart')
      names.add(node.name.text)
  }
  return names
}

/** The options of the first `tanstackStart(...)` call anywhere in the file (plugins arrays, spreads, helpers). */
export function startOptionsOf(sourceFile: ts.SourceFile): StartOptions {
  const names = startPluginNames(sourceFile)
  for (const node of walk(sourceFile)) {
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || !names.has(node.expression.text)) continue
    const options = node.arguments[0] ? objectOf(node.arguments[0]) : null
    const router = objectPropertyOf(options, 'router')
    const tsr = objectPropertyOf(options, 'tsr')
    const paths = router ?? tsr
    return {
      srcDirectory: stringOf(propertyOf(options, 'srcDirectory')) ?? stringOf(propertyOf(tsr, 'srcDirectory')),
      routesDirectory: stringOf(propertyOf(paths, 'routesDirectory')),
      generatedRouteTree: stringOf(propertyOf(paths, 'generatedRouteTree')),
      relativeTo: !router && tsr ? 'root' : 'srcDirectory',
      routerBasepath: stringOf(propertyOf(router, 'basepath')),
      serverFnsBase: stringOf(propertyOf(objectPropertyOf(options, 'serverFns'), 'base')),
    }
  }
  return { relativeTo: 'srcDirectory' }
}

/**
 * The path literal inside a path-building expression: `'./src'`, `path.resolve(__dirname, './src')`,
 * `fileURLToPath(new URL('./src', import.meta.url))`, `` `${__dirname}/src` ``; undefined when none.
 */
export function pathLiteralOf(expression: ts.Expression): string | undefined {
  const node = resolve(expression)
  const literal = stringOf(node)
  if (literal !== undefined) return literal
  if (ts.isTemplateExpression(node)) {
    const rest = node.templateSpans.map((span) => span.literal.text).join('')
    return node.head.text === '' ? rest.replace(/^\//, '') : node.head.text + rest
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const parts = (node.arguments ?? []).map(pathLiteralOf).filter((part): part is string => part !== undefined)
    return parts.length > 0 ? path.posix.join(...parts) : undefined
  }
  return undefined
}

/**
 * The `resolve.alias` entries of the exported config, object (`{ '@': ... }`) or array (`[{ find, replacement }]`)
 * form.
 */
export function aliasesOf(sourceFile: ts.SourceFile): ViteAlias[] {
  const alias = propertyOf(objectPropertyOf(defaultExportObject(sourceFile), 'resolve'), 'alias')
  const entries: [string | undefined, ts.Expression | undefined][] = []
  if (alias && ts.isObjectLiteralExpression(alias)) {
    for (const property of alias.properties) {
      if (ts.isPropertyAssignment(property)) entries.push([propertyName(property.name), property.initializer])
    }
  } else if (alias && ts.isArrayLiteralExpression(alias)) {
    for (const element of alias.elements) {
      const entry = objectOf(element)
      entries.push([stringOf(propertyOf(entry, 'find')), propertyOf(entry, 'replacement')])
    }
  }
  return entries.flatMap(([find, value]) => {
    const replacement = value && pathLiteralOf(value)
    return find && replacement !== undefined ? [{ find, replacement }] : []
  })
}

/** Finds and reads the app's vite config (KitError when it does not parse), or null when there is none. */
export async function readViteConfig(root: string): Promise<ViteConfigInfo | null> {
  const file = await firstFile(root, VITE_CONFIG_FILES)
  if (!file) return null
  const text = await readText(path.join(root, file))
  if (text === null) return null
  const sourceFile = parseConfigSource(text, file)
  const config = defaultExportObject(sourceFile)
  const base = stringOf(propertyOf(config, 'base'))
  const serverPort = portOf(propertyOf(objectPropertyOf(config, 'server'), 'port'))
  return {
    file,
    start: startOptionsOf(sourceFile),
    aliases: aliasesOf(sourceFile),
    ...(base ? { base } : {}),
    ...(serverPort !== undefined ? { serverPort } : {}),
    ...(importedBindings(sourceFile).some(({ specifier }) => specifier === 'nitro/vite') ? { nitro: true } : {}),
  }
}

/** A port as written: `3001`, or the number a fallback ends on (`Number(process.env.PORT) || 3001`, `?? 3001`). */
function portOf(expression: ts.Expression | undefined): number | undefined {
  const value = literalOf(expression)
  if (typeof value === 'number' && isPort(value)) return value
  if (expression && ts.isBinaryExpression(expression) && isFallback(expression.operatorToken.kind))
    return portOf(resolve(expression.right))
  return undefined
}

/**
 * The path prefix Start serves server functions under, computed the way its Vite plugin computes
 * `TSS_SERVER_FN_BASE`: the router basepath (by default Vite's `base`, unless that is a full URL),
 * then `serverFns.base` (default `/_serverFn`), between slashes.
 *
 * @example serverFnBaseOf({ base: '/app/', start: { serverFnsBase: '/rpc', ... }, ... }) // '/app/rpc/'
 */
export function serverFnBaseOf(vite: Pick<ViteConfigInfo, 'base' | 'start'> | null): string {
  const publicBase = vite?.base ?? '/'
  const derived = URL.canParse(publicBase) ? '' : publicBase
  const basepath = vite?.start.routerBasepath ?? derived
  return `/${basepath}/${vite?.start.serverFnsBase ?? '/_serverFn'}/`.replace(/\/{2,}/g, '/')
}
