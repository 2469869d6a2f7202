import path from 'node:path'
import semver from 'semver'
import type { ChangeSet } from '../core/change-set.js'
import type { ProjectInfo } from '../project/types.js'
import type { Move, UpgradeResolution } from '../project/upgrade.js'
import { loadYaml } from '../project/yaml.js'
import { rewriteJson } from './package-json.js'
import { AUTH_DEPENDENCIES, betterAuthVersion, breakingChangesBetween, type BreakingChange } from './versions.js'

/**
 * True when the app declares a better-auth older than the release kit-auth pins for new apps:
 * the case where `init` offers `--upgrade-better-auth`.
 *
 * @example upgradeAvailable(project) // true on an app with better-auth ^1.3.34
 */
export function upgradeAvailable(project: Pick<ProjectInfo, 'versions'>): boolean {
  if (!project.versions['better-auth']) return false
  return semver.lt(betterAuthVersion(project), semver.minVersion(AUTH_DEPENDENCIES['better-auth'])!)
}

/**
 * The project as the plans must see it once the upgrade is planned: the moved packages at their new
 * ranges (not installed yet), so `betterAuthApi` spells everything for the new release.
 */
export function upgradedProject(project: ProjectInfo, upgrade: UpgradeResolution): ProjectInfo {
  const versions = { ...project.versions }
  const manifest = {
    ...project.manifest,
    dependencies: { ...project.manifest.dependencies },
    devDependencies: { ...project.manifest.devDependencies },
  }
  // the workspace package that holds the instance: the app declares better-auth with its (moved) range
  const pkg = project.authPackage
  const pkgFile = pkg ? path.posix.join(pkg.dir, 'package.json') : null
  const pkgManifest = pkg && {
    ...pkg.manifest,
    dependencies: { ...pkg.manifest.dependencies },
    devDependencies: { ...pkg.manifest.devDependencies },
  }
  const seen = new Set<string>()
  for (const move of upgrade.moves) {
    // the first place (the app's own declaration when it has one) decides the version the plans see
    if (!seen.has(move.name) && (versions[move.name] || move.name === 'better-auth'))
      versions[move.name] = { declared: move.to, installed: null, source: 'declared' }
    seen.add(move.name)
    const at = move.declaration.at
    if (!('section' in at)) continue
    if (move.declaration.file === 'package.json') manifest[at.section][move.name] = move.to
    if (move.declaration.file === pkgFile && pkgManifest) pkgManifest[at.section][move.name] = move.to
  }
  return {
    ...project,
    versions,
    manifest,
    ...(pkg && pkgManifest ? { authPackage: { ...pkg, manifest: pkgManifest } } : {}),
  }
}

/** Writes one move into its file's text: a package.json section, or a pnpm catalog entry. */
function applyMove(text: string, move: Move): string {
  const at = move.declaration.at
  if ('section' in at) {
    const json = JSON.parse(text) as Record<string, Record<string, string>>
    json[at.section] = { ...json[at.section], [move.name]: move.to }
    return rewriteJson(text, json)
  }
  const { isMap, parseDocument } = loadYaml()
  const document = parseDocument(text)
  const defaultCatalog = document.get('catalog')
  const where =
    at.catalog === 'default' && isMap(defaultCatalog) && defaultCatalog.has(move.name)
      ? ['catalog', move.name]
      : ['catalogs', at.catalog, move.name]
  document.setIn(where, move.to)
  return document.toString()
}

/** What the report says about an upgrade: the moves, and the breaking changes kit-auth took care of. */
export interface UpgradeReport {
  from: string
  to: string
  release: string
  moved: Array<{ name: string; from: string; to: string; file: string; why: string }>
  breakingChanges: BreakingChange[]
}

/**
 * Moves better-auth, its companions and the peers that must rise with it in the files that declare
 * them (the app's package.json, the workspace root's, or a pnpm catalog), through the change set.
 *
 * @example planUpgrade(resolution, changes).moved // [{ name: 'better-auth', from: '^1.3.34', to: '^1.7.25', ... }]
 */
export function planUpgrade(upgrade: UpgradeResolution, changes: ChangeSet): UpgradeReport {
  for (const move of upgrade.moves) {
    const text = changes.read(move.declaration.file)
    if (text === null) throw new Error(`kit-auth bug: ${move.declaration.file} vanished while planning the upgrade`)
    changes.update(move.declaration.file, applyMove(text, move))
  }
  return {
    from: upgrade.from,
    to: upgrade.range,
    release: upgrade.release,
    moved: upgrade.moves.map((move) => ({
      name: move.name,
      from: move.from,
      to: move.to,
      file: move.declaration.file,
      why: move.why,
    })),
    breakingChanges: breakingChangesBetween(upgrade.from, upgrade.release),
  }
}

/** The report's lines on an upgrade: what moved (from -> to, where, why), then what kit-auth adapted. */
export function upgradeNotes(report: UpgradeReport, rewritten: string | null): string[] {
  const moved = report.moved.map((move) => `${move.name} ${move.from} -> ${move.to} (${move.file}; ${move.why})`)
  const changes = report.breakingChanges.map(
    (change) =>
      `${change.release}: ` +
      `${change.change}${change.id === 'cookies' && rewritten ? ` (rewritten in ${rewritten})` : ''}`,
  )
  return [
    `Upgraded better-auth ${report.from} -> ${report.to} (installs ${report.release}): ${moved.join('; ')}.`,
    ...(changes.length > 0
      ? [
          `Breaking changes between better-auth ${report.from} and ${report.release} that kit-auth took care of in ` +
            `the code it writes and edits: ${changes.join('; ')}. Your own code that calls Better Auth is yours to ` +
            `check against its release notes.`,
        ]
      : []),
  ]
}
