import path from 'node:path'
import ts from '../../lib/typescript.js'
import { parseYaml } from './yaml.js'
import { defaultExportObject, literalOf, parseSource, propertyName } from './ast.js'
import { firstFile, readText } from './files.js'
import { asObject, asString, isObject, type JsonObject } from './json.js'
import type { AppFormatter } from '../core/format.js'
import type { CodeStyle } from './types.js'

/** Prettier config files, in Prettier's own search order (`.prettierrc.toml` is not read). */
const PRETTIER_FILES = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.json5',
  '.prettierrc.js',
  '.prettierrc.mjs',
  '.prettierrc.cjs',
  '.prettierrc.ts',
  '.prettierrc.mts',
  '.prettierrc.cts',
  'prettier.config.js',
  'prettier.config.mjs',
  'prettier.config.cjs',
  'prettier.config.ts',
  'prettier.config.mts',
  'prettier.config.cts',
] as const

/**
 * Reads a config without running it: JSON/JSONC/JSON5 leniently (TypeScript's parser recovers from
 * unquoted keys), YAML, or the literal default export of a JS/TS module. Null when unreadable.
 */
export function staticConfig(text: string, fileName: string): JsonObject | null {
  try {
    if (/\.[cm]?[jt]s$/.test(fileName)) return literalObject(text, fileName)
    if (/\.json[5c]?$/.test(fileName)) return asObject(ts.parseConfigFileTextToJson(fileName, text).config)
    return asObject(parseYaml(text))
  } catch {
    return null
  }
}

/** The literal-valued properties of a JS/TS module's default-exported object, or null when it exports none. */
function literalObject(text: string, fileName: string): JsonObject | null {
  const object = defaultExportObject(parseSource(text, fileName))
  if (!object) return null
  const values: JsonObject = {}
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue
    const name = propertyName(property.name)
    const value = literalOf(property.initializer)
    if (name !== undefined && value !== undefined) values[name] = value
  }
  return values
}

/**
 * Style from Prettier options, with Prettier's defaults for omitted keys (semi true, singleQuote false, tabWidth 2).
 */
export function prettierStyle(options: JsonObject): CodeStyle {
  const width = typeof options.tabWidth === 'number' ? options.tabWidth : 2
  return {
    quote: options.singleQuote === true ? 'single' : 'double',
    semicolons: options.semi !== false,
    indent: options.useTabs === true ? '\t' : ' '.repeat(width),
    source: 'prettier',
    ...(typeof options.printWidth === 'number' && options.printWidth !== 80 ? { printWidth: options.printWidth } : {}),
  }
}

/** Style from a biome.json(c), with Biome's defaults (double quotes, semicolons always, tab indent of width 2). */
export function biomeStyle(config: JsonObject): CodeStyle {
  const formatter = asObject(config.formatter)
  const js = asObject(asObject(config.javascript).formatter)
  const indentStyle = asString(js.indentStyle) ?? asString(formatter.indentStyle) ?? 'tab'
  const width = [js.indentWidth, formatter.indentWidth].find((w): w is number => typeof w === 'number') ?? 2
  const lineWidth = [js.lineWidth, formatter.lineWidth].find((w): w is number => typeof w === 'number') ?? 80
  return {
    quote: js.quoteStyle === 'single' ? 'single' : 'double',
    semicolons: js.semicolons !== 'asNeeded',
    indent: indentStyle === 'space' ? ' '.repeat(width) : '\t',
    source: 'biome',
    sortImports: biomeSortsImports(config),
    ...(lineWidth !== 80 ? { printWidth: lineWidth } : {}),
  }
}

/**
 * True unless the config turns Biome's organizeImports off: it is on by default in Biome 2
 * (`assist.actions.source.organizeImports`) and Biome 1 (`organizeImports.enabled`).
 */
function biomeSortsImports(config: JsonObject): boolean {
  const assist = asObject(config.assist)
  if (assist.enabled === false) return false
  const setting = asObject(asObject(assist.actions).source).organizeImports
  if (setting === 'off' || (isObject(setting) && setting.level === 'off')) return false
  return asObject(config.organizeImports).enabled !== false
}

/** The indent an .editorconfig sets for TS/JS files (sections `[*]` or naming ts/js, later ones win), or null. */
export function editorconfigIndent(text: string): string | null {
  let applies = false
  const settings: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const section = /^\[(.*)\]$/.exec(line)?.[1]
    if (section !== undefined) applies = section === '*' || section === '**' || /[jt]sx?\b/.test(section)
    const [, key, value] = /^([\w-]+)\s*=\s*(.*?)\s*$/.exec(line) ?? []
    if (applies && key && value !== undefined) settings[key.toLowerCase()] = value.toLowerCase()
  }
  const { indent_style: style, indent_size: size } = settings
  if (style === 'tab' || (style === undefined && size === 'tab')) return '\t'
  if (style === undefined && size === undefined) return null
  return ' '.repeat(Number.parseInt(size ?? '', 10) || 2)
}

/** The static config in the first of `names` that exists in `dir`, or null. */
async function configIn(dir: string, names: readonly string[]): Promise<JsonObject | null> {
  const file = await firstFile(dir, names)
  return file ? staticConfig((await readText(path.join(dir, file))) ?? '', file) : null
}

/**
 * The style a formatter config sets, searching each folder (the app, then its ancestors up to the
 * workspace root) for Prettier (package.json `prettier` object, then its config files), then Biome.
 * Null when there is none that can be read statically.
 */
export async function formatterStyle(folders: readonly string[]): Promise<CodeStyle | null> {
  for (const dir of folders) {
    const inPackage = (await configIn(dir, ['package.json']))?.prettier
    const prettier = isObject(inPackage) ? inPackage : await configIn(dir, PRETTIER_FILES)
    if (prettier) return prettierStyle(prettier)
    const biome = await configIn(dir, ['biome.json', 'biome.jsonc'])
    if (biome) return biomeStyle(biome)
    const oxfmt = await configIn(dir, OXFMT_FILES)
    if (oxfmt) return { ...prettierStyle({ printWidth: 100, ...oxfmt }), source: 'oxfmt' }
  }
  return null
}

/** oxfmt's config files (Prettier's options, but a line width of 100 by default). */
const OXFMT_FILES = ['.oxfmtrc.json', '.oxfmtrc.jsonc'] as const

/**
 * The formatter the app configures, searching the app and then its ancestors up to the workspace
 * root as `formatterStyle` does: a Prettier config, a biome.json(c), an .oxfmtrc.json(c). Null
 * when there is none.
 */
export async function configuredFormatter(folders: readonly string[]): Promise<AppFormatter | null> {
  for (const dir of folders) {
    const inPackage = (await configIn(dir, ['package.json']))?.prettier
    if (isObject(inPackage) || (await firstFile(dir, PRETTIER_FILES))) return 'prettier'
    if (await firstFile(dir, ['biome.json', 'biome.jsonc'])) return 'biome'
    if (await firstFile(dir, OXFMT_FILES)) return 'oxfmt'
  }
  return null
}

/** The indent from the nearest .editorconfig among `folders` that sets one, or null. */
export async function editorconfigStyleIndent(folders: readonly string[]): Promise<string | null> {
  for (const dir of folders) {
    const text = await readText(path.join(dir, '.editorconfig'))
    const indent = text === null ? null : editorconfigIndent(text)
    if (indent !== null) return indent
  }
  return null
}

/** True when one of `folders` has an oxlint config (`.oxlintrc.json`, `oxlint.config.ts`). */
export async function usesOxlint(folders: readonly string[]): Promise<boolean> {
  for (const dir of folders) if (await firstFile(dir, ['.oxlintrc.json', 'oxlint.config.ts'])) return true
  return false
}
