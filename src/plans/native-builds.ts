import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import type { ProjectInfo } from '../project/types.js'
import { loadYaml } from '../project/yaml.js'
import { rewriteJson } from './package-json.js'

/**
 * pnpm 10 runs no dependency build scripts unless the workspace allows them, and
 * better-sqlite3 must compile its native addon. Returns the edited pnpm-workspace.yaml text
 * that allows `name` to build: added to an existing `allowBuilds` map or
 * `onlyBuiltDependencies` list, else a new `allowBuilds` map. Comments and order survive.
 *
 * @example allowBuild('packages:\n  - apps/*\n', 'better-sqlite3') // '...allowBuilds:\n  better-sqlite3: true\n'
 */
export function allowBuild(text: string | null, name: string): string {
  const { isMap, isSeq, parseDocument } = loadYaml()
  const document = parseDocument(text ?? '')
  const allowBuilds = document.get('allowBuilds')
  const onlyBuilt = document.get('onlyBuiltDependencies')
  if (isMap(allowBuilds)) {
    if (allowBuilds.has(name)) return text ?? ''
    allowBuilds.set(name, true)
  } else if (isSeq(onlyBuilt)) {
    if (onlyBuilt.items.some((item) => String((item as { value?: unknown }).value ?? item) === name)) return text ?? ''
    onlyBuilt.add(name)
  } else {
    document.set('allowBuilds', { [name]: true })
  }
  return document.toString()
}

/**
 * Yarn berry's counterpart: `dependenciesMeta.<name>.built: true` in the project's root
 * package.json, which Yarn 4.14+ (scripts off by default) needs to compile the addon.
 */
export function allowBuildInYarnManifest(text: string, name: string): string {
  const json = JSON.parse(text) as { dependenciesMeta?: Record<string, { built?: boolean }> }
  if (json.dependenciesMeta?.[name]?.built === true) return text
  json.dependenciesMeta = { ...json.dependenciesMeta, [name]: { ...json.dependenciesMeta?.[name], built: true } }
  return rewriteJson(text, json)
}

/**
 * npm's counterpart (npm 11.16+ reads it, npm 12 enforces it): `allowScripts.<name>: true` in the
 * root package.json. An existing entry for the package, pinned (`name@1.2.3`) or not, is left alone.
 */
export function allowScriptsInNpmManifest(text: string, name: string): string {
  const json = JSON.parse(text) as { allowScripts?: Record<string, boolean> }
  const entries = Object.keys(json.allowScripts ?? {})
  if (entries.some((key) => key === name || key.startsWith(`${name}@`))) return text
  json.allowScripts = { ...json.allowScripts, [name]: true }
  return rewriteJson(text, json)
}

/** The same for package.json's `pnpm.onlyBuiltDependencies` (apps without a pnpm-workspace.yaml). */
export function allowBuildInPackageJson(text: string, name: string): string {
  const json = JSON.parse(text) as { pnpm?: { onlyBuiltDependencies?: string[] } }
  const list = json.pnpm?.onlyBuiltDependencies ?? []
  if (list.includes(name)) return text
  json.pnpm = { ...json.pnpm, onlyBuiltDependencies: [...list, name] }
  return rewriteJson(text, json)
}

/**
 * Lets the package manager run `name`'s build script, which every current one blocks by default:
 * pnpm 10 (`allowBuilds` in pnpm-workspace.yaml, or package.json `pnpm.onlyBuiltDependencies`),
 * npm 12 (`allowScripts` in the root package.json), Yarn 4.14+ (`dependenciesMeta.<name>.built`).
 * Bun trusts better-sqlite3 out of the box and yarn classic runs every script.
 */
export function allowNativeBuild(project: ProjectInfo, changes: ChangeSet, name: string): void {
  const workspaceRoot = path.relative(project.root, project.workspaceRoot).split(path.sep).join('/') || '.'
  const rootManifest = path.posix.join(workspaceRoot, 'package.json')
  const editManifest = (edit: (text: string, name: string) => string) => {
    const text = changes.read(rootManifest)
    if (text !== null) changes.update(rootManifest, edit(text, name))
  }
  const manager = project.packageManager
  if (manager.name === 'npm') return editManifest(allowScriptsInNpmManifest)
  if (manager.name === 'yarn' && manager.yarn === 'berry') return editManifest(allowBuildInYarnManifest)
  if (manager.name !== 'pnpm') return
  const workspaceFile = path.posix.join(workspaceRoot, 'pnpm-workspace.yaml')
  const yaml = changes.read(workspaceFile)
  if (yaml !== null) return changes.update(workspaceFile, allowBuild(yaml, name))
  editManifest(allowBuildInPackageJson)
}
