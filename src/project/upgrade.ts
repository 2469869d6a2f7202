import path from 'node:path'
import semver from 'semver'
import type { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { asObject, asString, type JsonObject } from './json.js'
import type { Registry } from './registry.js'
import type { ProjectInfo } from './types.js'
import { resolveCatalog } from './versions.js'
import { parseYaml } from './yaml.js'

/**
 * What `init --upgrade-better-auth` moves, decided before anything is planned: where each package
 * the app depends on is declared, then (asking the registry) the release better-auth moves to, the
 * companion packages that follow it and the peers that must rise with it.
 */

/** Where a package's range is written. */
export interface Declaration {
  name: string
  /** As written: `^1.3.34`, `catalog:`. */
  written: string
  /** The range in force: a pnpm catalog's entry for `catalog:`, else `written`. */
  range: string
  /** The file holding `range`, relative to the app root, posix: `package.json`, `../../pnpm-workspace.yaml`. */
  file: string
  /** In a package.json, its section; in pnpm-workspace.yaml, the catalog (`default` is `catalog:`). */
  at: { section: 'dependencies' | 'devDependencies' } | { catalog: string }
  /** The same package declared elsewhere too (the workspace auth package's manifest, another catalog): moved alike. */
  also?: Declaration[]
}

/** One package that moves: its declaration, the new range, and why. */
export interface Move {
  name: string
  from: string
  to: string
  declaration: Declaration
  /** `the release kit-auth pins`, `companion of better-auth 1.7`, `peer of better-auth 1.7.29: ^0.45.2 || ...`. */
  why: string
}

export interface UpgradeResolution {
  /** The release the app ran on. */
  from: string
  /** The range better-auth moves to (AUTH_DEPENDENCIES['better-auth']). */
  range: string
  /** The newest release that range allows (what an install picks). */
  release: string
  moves: Move[]
}

/**
 * Every package the app depends on and where its range is written: the app's package.json, else the
 * workspace package that holds its Better Auth instance, else the workspace root's; `catalog:` ranges point
 * into the root's pnpm-workspace.yaml. A package declared in several of them keeps the others in `also`.
 * Read through the change set, like the plans read.
 */
export function readDeclarations(
  project: Pick<ProjectInfo, 'root' | 'workspaceRoot' | 'authPackage'>,
  changes: ChangeSet,
) {
  const toRoot = path.relative(project.root, project.workspaceRoot).split(path.sep).join('/')
  const workspaceFile = path.posix.join(toRoot || '.', 'pnpm-workspace.yaml')
  const yamlText = changes.read(workspaceFile)
  const pnpmWorkspace = yamlText ? (asObject(parseYaml(yamlText)) as JsonObject) : null
  const found = new Map<string, Declaration>()
  const authManifest = project.authPackage ? path.posix.join(project.authPackage.dir, 'package.json') : null
  const manifests = [
    'package.json',
    ...(authManifest ? [authManifest] : []),
    ...(toRoot ? [path.posix.join(toRoot, 'package.json')] : []),
  ]
  for (const file of manifests) {
    const text = changes.read(file)
    if (text === null) continue
    const json = asObject(JSON.parse(text))
    // dependencies win over devDependencies, the app over the workspace root
    for (const section of ['dependencies', 'devDependencies'] as const) {
      for (const [name, value] of Object.entries(asObject(json[section]))) {
        const written = asString(value)
        if (written === undefined) continue
        const range = resolveCatalog(name, written, pnpmWorkspace)
        // a pnpm catalog's entry; `catalog:` left as written (a bun catalog) stays in its manifest, unreadable
        const catalog =
          written.startsWith('catalog:') && range !== written ? written.slice('catalog:'.length) || 'default' : null
        const declaration: Declaration = {
          name,
          written,
          range,
          file: catalog ? workspaceFile : file,
          at: catalog ? { catalog } : { section },
        }
        const first = found.get(name)
        if (!first) found.set(name, declaration)
        else if (![first, ...(first.also ?? [])].some((known) => samePlace(known, declaration)))
          first.also = [...(first.also ?? []), declaration]
      }
    }
  }
  return found
}

/** Every place a package is declared: the first, then the others (`also`). */
export function placesOf(declaration: Declaration): Declaration[] {
  return [declaration, ...(declaration.also ?? [])]
}

/** One key per place a range is written. */
function placeKey(declaration: Declaration): string {
  return `${declaration.name} ${declaration.file} ${JSON.stringify(declaration.at)}`
}

/** Two declarations that write their range in the same place (the same file, section or catalog). */
function samePlace(a: Declaration, b: Declaration): boolean {
  return a.file === b.file && JSON.stringify(a.at) === JSON.stringify(b.at)
}

/** A range kit-auth can compare (`^1.3.34`, `0.44.7`, `>=1 <2`), not `workspace:*`, `latest` or a URL. */
function readable(range: string): boolean {
  return semver.validRange(range) !== null
}

function highest(versions: string[]): string | null {
  const stable = versions.filter((version) => semver.valid(version) && !semver.prerelease(version))
  return semver.rsort(stable.length > 0 ? stable : versions.filter((version) => semver.valid(version)))[0] ?? null
}

function lowest(versions: string[]): string | null {
  const stable = versions.filter((version) => semver.valid(version) && !semver.prerelease(version))
  return semver.sort(stable.length > 0 ? stable : versions.filter((version) => semver.valid(version)))[0] ?? null
}

/**
 * The range to write for `version`, in the style of the range it replaces (`^`, `~` or exact),
 * and exact when that style would allow releases outside `within`.
 *
 * @example raisedRange('0.44.7', '0.45.2', '^0.45.2') // '0.45.2'
 * @example raisedRange('^0.44.7', '0.45.2', '^0.45.2') // '^0.45.2'
 */
export function raisedRange(written: string, version: string, within: string): string {
  const prefix = /^[~^]/.exec(written.trim())?.[0] ?? (/^\d/.test(written.trim()) ? '' : '^')
  const range = `${prefix}${version}`
  return semver.subset(range, within, { includePrerelease: false }) ? range : version
}

/**
 * Decides what moves so that better-auth `range` installs: better-auth itself, the `@better-auth/*`
 * packages the app declares (to their newest release of the same minor line), and every package the
 * app declares whose range misses a peer range of a package that moves (raised to the lowest release
 * in that peer range, whose own peers are checked in turn). What cannot be decided (no such release,
 * two peer ranges that exclude each other, a range kit-auth cannot read) stops it, naming what must
 * move: a KitError, before anything is planned.
 *
 * @example await resolveUpgrade(declarations, '^1.7.25', '1.4.4', registry) // moves better-auth and drizzle-orm
 */
export async function resolveUpgrade(
  declarations: ReadonlyMap<string, Declaration>,
  range: string,
  from: string,
  registry: Registry,
): Promise<UpgradeResolution> {
  const betterAuth = declarations.get('better-auth')
  if (!betterAuth) throw new Error('kit-auth bug: resolveUpgrade on an app that does not declare better-auth')
  const release = highest(await registry.versions('better-auth', range))
  if (!release) {
    throw new KitError(
      `No better-auth release matches ${range} on the npm registry, so kit-auth cannot upgrade this app.`,
      'Check the registry npm uses here (.npmrc), or run kit-auth init without --upgrade-better-auth.',
    )
  }
  const moves = new Map<string, Move>()
  const problems: string[] = []
  const move = (place: Declaration, to: string, why: string) =>
    moves.set(placeKey(place), { name: place.name, from: place.range, to, declaration: place, why })
  for (const place of placesOf(betterAuth)) {
    if (!readable(place.range) && place.written.startsWith('catalog:'))
      throw new KitError(
        `${place.file} declares better-auth \`${place.written}\` from a catalog kit-auth cannot edit (only ` +
          'pnpm-workspace.yaml catalogs are), so it cannot upgrade this app. Nothing was changed.',
        `Set better-auth to ${range} in that catalog (bun: the root package.json's \`catalog\`), install, then run ` +
          'kit-auth init again.',
      )
    if (readable(place.range)) move(place, range, 'the release kit-auth pins')
  }

  // Packages whose peers are checked: name -> the release that will be installed.
  const queue: Array<[string, string]> = [['better-auth', release]]
  const line = `${semver.major(release)}.${semver.minor(release)}`
  for (const declaration of declarations.values()) {
    if (!declaration.name.startsWith('@better-auth/')) continue
    const companion = highest(await registry.versions(declaration.name, `~${line}.0`))
    for (const place of placesOf(declaration)) {
      if (companion) {
        if (!(
          readable(place.range) &&
          semver.satisfies(companion, place.range) &&
          semver.subset(place.range, `~${line}.0`)
        ))
          move(place, `^${companion}`, `companion of better-auth ${line}`)
      } else if (readable(place.range)) {
        // No release for this line (a package Better Auth stopped shipping): in the way only when the
        // release the app has declares a better-auth peer that the new release misses.
        const kept = highest(await registry.versions(place.name, place.range))
        const peer = kept ? (await registry.peerDependencies(place.name, kept))['better-auth'] : undefined
        if (peer && readable(peer) && !semver.satisfies(release, peer))
          problems.push(
            `${place.name} ${place.range} wants better-auth ${peer} and has no ${line}.x release: remove ` +
              `it from ${place.file}`,
          )
      }
    }
    if (companion) queue.push([declaration.name, companion])
  }

  const seen = new Set<string>()
  for (let index = 0; index < queue.length && index < 50; index++) {
    const [name, version] = queue[index]!
    if (seen.has(`${name}@${version}`)) continue
    seen.add(`${name}@${version}`)
    const peers = await registry.peerDependencies(name, version)
    for (const [peer, peerRange] of Object.entries(peers)) {
      const declaration = declarations.get(peer)
      if (!declaration || !readable(peerRange)) continue
      // each place that declares the peer is checked on its own (the app's and the auth package's may differ)
      for (const place of placesOf(declaration)) {
        const moved = moves.get(placeKey(place))
        const current = moved?.to ?? place.range
        if (!readable(current)) continue
        if (semver.intersects(current, peerRange)) continue
        const why = `peer of ${name} ${version}: ${peerRange}`
        if (moved) {
          problems.push(
            `${peer} must satisfy both ${moved.to} (${moved.why}) and ${peerRange} (peer of ${name} ${version})`,
          )
          continue
        }
        const target = lowest(await registry.versions(peer, peerRange))
        const floor = semver.minVersion(current)
        if (target && floor && semver.lt(target, floor)) {
          problems.push(
            `${peer} ${current} (${place.file}) is newer than ${name} ${version} accepts (${peerRange}): move ` +
              `${peer} to ${peerRange} or stay on better-auth ${from}`,
          )
          continue
        }
        if (!target) {
          problems.push(
            `${peer} must move from ${place.range} to ${peerRange} (peer of ${name} ${version}), and no ` +
              `release of it does`,
          )
          continue
        }
        move(
          place,
          raisedRange(place.written.startsWith('catalog:') ? place.range : place.written, target, peerRange),
          why,
        )
        queue.push([peer, target])
      }
    }
  }
  if (problems.length > 0) {
    const planned = [...moves.values()].map((item) => `${item.name}@${item.to}`).join(' ')
    throw new KitError(
      `Cannot upgrade better-auth to ${range} by itself: ${problems.join('; ')}. Nothing was changed.`,
      `Move those packages yourself (with ${planned}), then run kit-auth init again; or run it without ` +
        `--upgrade-better-auth to stay on better-auth ${from}.`,
      { details: { problems, moves: [...moves.values()].map(({ name, from: was, to }) => ({ name, from: was, to })) } },
    )
  }
  return { from, range, release, moves: [...moves.values()] }
}
