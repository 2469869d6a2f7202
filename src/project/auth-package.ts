import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { KitError } from '../core/errors.js'
import ts from '../../lib/typescript.js'
import { parse } from '../codemods/js/parse.js'
import { findBetterAuth } from './better-auth.js'
import { firstFile, isFile, isInside, listFiles, readText, relPosix } from './files.js'
import { asObject, asString, isObject, type JsonObject } from './json.js'
import { readPackageJson } from './package-json.js'
import { behindReExports } from './re-exports.js'
import { importSpecifiers, isSourceFile } from './sources.js'
import type { AuthPackage, ProjectInfo } from './types.js'
import { workspacePackages, workspacePatterns } from './workspace.js'

/** How many of the app's source files are read for the package specifiers it imports. */
const MAX_SCANNED_FILES = 2000

/** Conditions tried for an `exports` target, in the order a TypeScript bundler resolves them. */
const CONDITIONS = ['types', 'import', 'module', 'default', 'node', 'require']

/** Every file target of an `exports` value (a string, a conditions object, an array), in CONDITIONS order. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(exportTargets)
  if (!isObject(value)) return []
  const conditions = [...new Set([...CONDITIONS, ...Object.keys(value)])]
  return conditions.flatMap((condition) => (condition in value ? exportTargets(value[condition]) : []))
}

/**
 * The files an `exports` value may lead to, sources first: a `.ts` target (`default: './src/index.ts'`) before a
 * built or declaration one (`types: './dist/index.d.ts'`, whose dist is not committed in tsdown packages).
 */
function sourceFirstTargets(value: unknown): string[] {
  const targets = [...new Set(exportTargets(value))]
  const typescript = (target: string) => /\.[cm]?tsx?$/.test(target) && !/\.d\.[cm]?ts$/.test(target)
  return [...targets.filter(typescript), ...targets.filter((target) => !typescript(target))]
}

/**
 * The entry modules of a workspace package: subpath (`.`, `./client`) -> file relative to its
 * folder, from `exports`, else `types` / `module` / `main`, else `src/index.ts`. A subpath pattern
 * (`"./*": "./src/*.ts"`) gives the `requested` subpaths it matches (those the app imports), as Node
 * resolves them: the pattern with the longest prefix wins, and a `null` one excludes.
 * @example packageEntries({ exports: { '.': './src/index.ts' } }) // { '.': 'src/index.ts' }
 * @example packageEntries({ exports: { './*': './src/*.ts' } }, ['./auth']) // { './auth': 'src/auth.ts' }
 */
export function packageEntries(
  manifest: JsonObject,
  requested: readonly string[] = [],
  refused?: (subpath: string, target: string) => void,
): Record<string, string[]> {
  const exports = manifest.exports
  const entries: Record<string, string[]> = {}
  const add = (subpath: string, targets: string[]) => {
    // Node and TypeScript refuse a target that leaves its folder through `..` (or names `.`): so does kit-auth
    const valid = targets.filter((target) => !target.includes('*') && !dotSegments(target.replace(/^\.\//, '')))
    for (const target of targets) if (!valid.includes(target) && !target.includes('*')) refused?.(subpath, target)
    const files = valid.map((target) => path.posix.normalize(target))
    if (files.length > 0) entries[subpath] = files
  }
  if (typeof exports === 'string' || Array.isArray(exports)) add('.', sourceFirstTargets(exports))
  else if (isObject(exports)) {
    const subpaths = Object.keys(exports).some((key) => key.startsWith('.'))
    if (!subpaths) add('.', sourceFirstTargets(exports))
    else {
      for (const [key, value] of Object.entries(exports)) if (key.startsWith('.')) add(key, sourceFirstTargets(value))
      const patterns = Object.keys(exports).filter((key) => key.startsWith('.') && key.split('*').length === 2)
      for (const subpath of requested) {
        if (subpath in exports) continue
        const match = patterns
          .map((key) => ({ key, parts: key.split('*') as [string, string] }))
          .filter(
            ({ key, parts: [prefix, suffix] }) =>
              subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length,
          )
          .sort((a, b) => b.parts[0].length - a.parts[0].length)[0]
        if (!match) continue
        const stem = subpath.slice(match.parts[0].length, subpath.length - match.parts[1].length)
        // a stem that climbs out (`@repo/auth/../x`) is no subpath of the package
        if (dotSegments(stem) || stem.split('/').includes('')) {
          refused?.(subpath, `${match.key} (matched by ${stem})`)
          continue
        }
        add(
          subpath,
          sourceFirstTargets(exports[match.key]).map((target) => target.replaceAll('*', stem)),
        )
      }
    }
  } else {
    const fields = ['types', 'module', 'main'].map((field) => asString(manifest[field])).filter(Boolean) as string[]
    entries['.'] = [...fields.map((field) => path.posix.normalize(field)), 'src/index.ts', 'index.ts']
  }
  return entries
}

/** True when a path has a `.` or `..` segment (a target's, after its leading `./`, or a pattern's stem). */
function dotSegments(relative: string): boolean {
  return relative.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')
}

/**
 * The source file an entry target names (a `.ts` beside a built `.js` counts), relative to the
 * package, or null; `writable` is false when it lies outside the workspace root (through `../` or a
 * link) or in a node_modules folder, where kit-auth never writes.
 */
async function entryFile(
  dir: string,
  candidates: readonly string[],
  realWorkspace: string,
): Promise<{ file: string; writable: boolean } | null> {
  for (const candidate of candidates) {
    const options = [candidate, ...(/\.[cm]?js$/.test(candidate) ? [candidate.replace(/js$/, 'ts')] : [])]
    for (const option of options) {
      const absolute = path.join(dir, option)
      if (!isSourceFile(option) || !(await isFile(absolute))) continue
      const inWorkspace = relPosix(realWorkspace, await realpath(absolute))
      const writable = isInside(inWorkspace) && !inWorkspace.split('/').includes('node_modules')
      return { file: relPosix(dir, absolute), writable }
    }
  }
  return null
}

type InstanceFound = NonNullable<ReturnType<typeof findBetterAuth>>

/**
 * The `betterAuth(...)` call a package entry exports: in the entry itself, or in a module it
 * re-exports it from (`export { auth } from './auth'`, two levels at most), under the entry's name.
 */
function instanceBehind(
  dir: string,
  file: string,
  text: string,
): Promise<{ file: string; found: InstanceFound } | null> {
  return behindReExports(dir, file, text, (source, name) => findBetterAuth(source, path.basename(name)))
}

/** The bare package specifiers the app's sources import (`@repo/auth`, `@repo/auth/client`). */
async function importedPackages(root: string, srcDirectory: string): Promise<Set<string>> {
  const found = new Set<string>()
  for (const file of await listFiles(path.join(root, srcDirectory), isSourceFile, MAX_SCANNED_FILES)) {
    for (const specifier of importSpecifiers((await readText(file)) ?? ''))
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) found.add(specifier)
  }
  return found
}

/**
 * The workspace package that holds the app's Better Auth instance: a package of the workspace (not
 * node_modules, inside the workspace root) that the app declares (`workspace:*` or a version) and
 * imports by name, whose entry module (package.json `exports`, else `types` / `module` / `main`,
 * else `src/index.ts`) calls `betterAuth(...)`. Its client is the entry module that calls
 * `createAuthClient(` (`@repo/auth/client`). Null when the app reaches no such package.
 *
 * @example await findAuthPackage(project) // { name: '@repo/auth', dir: '../../packages/auth', instance: {...}, ... }
 */
export async function findAuthPackage(
  project: Pick<ProjectInfo, 'root' | 'workspaceRoot' | 'srcDirectory'>,
  declared: Record<string, string>,
): Promise<AuthPackage | null> {
  const { root, workspaceRoot } = project
  if (root === workspaceRoot) return null
  const patterns = await workspacePatterns(workspaceRoot)
  if (!patterns) return null
  // read the app's sources only once a workspace package it declares turns up
  let imported: Set<string> | null = null
  const realWorkspace = await realpath(workspaceRoot)
  for (const relative of await workspacePackages(workspaceRoot, patterns)) {
    const dir = path.join(workspaceRoot, relative)
    if (dir === root) continue
    const manifest = await readPackageJson(dir).catch(() => null)
    const name = asString(manifest?.name)
    if (!manifest || !name || declared[name] === undefined) continue
    imported ??= await importedPackages(root, project.srcDirectory)
    const used = imported
    if (![...used].some((specifier) => specifier === name || specifier.startsWith(`${name}/`))) continue
    // the instance through a subpath the app imports; the client wherever the package exports one
    const imports = (subpath: string) => used.has(subpath === '.' ? name : `${name}/${subpath.slice(2)}`)
    let instance: AuthPackage['instance'] | null = null
    let client: AuthPackage['client'] = null
    const requested = [...used].filter((specifier) => specifier.startsWith(`${name}/`))
    const subpaths = requested.map((specifier) => `./${specifier.slice(name.length + 1)}`)
    const refused = new Map<string, string>()
    const entries = packageEntries(manifest, subpaths, (subpath, target) => refused.set(subpath, target))
    for (const [subpath, target] of refused) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`
      if (entries[subpath] || !used.has(specifier)) continue
      throw new KitError(
        `The app imports ${specifier}, which ${name}'s exports map to ${target}: a path with a \`..\` or \`.\` ` +
          'segment, which Node and TypeScript refuse to resolve (kit-auth does not follow it either).',
        `Point that export at a path inside ${relPosix(root, dir)} without \`..\` (\`./src/*.ts\`), then run ` +
          'kit-auth again.',
      )
    }
    for (const [subpath, candidates] of Object.entries(entries)) {
      const entry = await entryFile(dir, candidates, realWorkspace)
      if (!entry) continue
      const text = (await readText(path.join(dir, entry.file))) ?? ''
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`
      const appFile = relPosix(root, path.join(dir, entry.file))
      const behind: { file: string; found: InstanceFound } | null =
        instance || !imports(subpath) ? null : await instanceBehind(dir, entry.file, text)
      const found: InstanceFound | undefined = behind?.found
      const instanceFile: string = behind ? relPosix(root, path.join(dir, behind.file)) : appFile
      const writable =
        entry.writable && (!behind || isInside(relPosix(realWorkspace, await realpath(path.join(dir, behind.file)))))
      if (found && !writable) {
        throw new KitError(
          `The Better Auth instance the app imports as ${specifier} is in ${appFile}, outside the workspace root ` +
            `${workspaceRoot} or in node_modules: kit-auth never writes there.`,
          `Make ${name} a package of the workspace with its instance in its own sources ` +
            '(or create the instance in the app), then run kit-auth again.',
        )
      }
      if (found) {
        instance = {
          file: instanceFile,
          specifier,
          exportName: found.exportName,
          ...(found.factory ? { factory: found.factory } : {}),
        }
      } else if (!client && entry.writable && text.includes('createAuthClient(')) client = { file: appFile, specifier }
    }
    if (!instance) continue
    return {
      name,
      dir: relPosix(root, dir),
      range: declared[name] ?? '',
      manifest: {
        dependencies: stringValues(manifest.dependencies),
        devDependencies: stringValues(manifest.devDependencies),
      },
      hasExports: manifest.exports !== undefined,
      instance,
      client,
    }
  }
  return null
}

function stringValues(field: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asObject(field)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}
