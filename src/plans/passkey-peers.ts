import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import type { ProjectInfo } from '../project/types.js'
import { loadYaml } from '../project/yaml.js'
import { rewriteJson } from './package-json.js'

/** The package Better Auth ships passkeys in from 1.4 on (before: `better-auth/plugins/passkey`). */
export const PASSKEY_PACKAGE = '@better-auth/passkey'

/**
 * What @better-auth/passkey pins exactly as peers (its 1.7.6 pins better-call 1.4.0 while better-auth
 * 1.7.25 brings 1.4.5): npm refuses such an install and pnpm installs a second copy, so both get them
 * pinned to the versions the app's better-auth itself depends on, one copy of each for both (planPeerPins).
 */
const PINNED_PEERS = ['better-call', '@better-auth/utils', '@better-fetch/fetch'] as const

/**
 * One copy of each pinned peer for better-auth and @better-auth/passkey: the versions the installed
 * better-auth depends on (read from its package.json in node_modules, the app's or the workspace
 * root's), pinned for the passkey package the way the app's package manager reads it:
 * - npm: `overrides: { "@better-auth/passkey": { ... } }` in the root package.json (npm refuses the
 *   install otherwise);
 * - pnpm: `"@better-auth/passkey>better-call": ...` overrides (pnpm installs a peer it finds
 *   unmet, a second better-call), in pnpm-workspace.yaml's `overrides` where pnpm 10+ keeps its
 *   settings, else in the root package.json's `pnpm.overrides`;
 * - Yarn (classic and berry) installs no peers: the passkey package gets the copies better-auth
 *   brought (hoisted by the node-modules linker), so nothing is pinned; Plug'n'Play gives a package
 *   only the peers its parent declares, so there the app must declare them.
 */
export function planPeerPins(project: ProjectInfo, changes: ChangeSet, notes: string[], manualSteps: string[]): void {
  const manager = project.packageManager
  const toRoot = path.posix.relative(project.root, project.workspaceRoot)
  const atRoot = (file: string) => (toRoot ? path.posix.join(toRoot, file) : file)
  if (manager.name === 'yarn') {
    const yarnrc = changes.read(atRoot('.yarnrc.yml'))
    const pnp = manager.yarn === 'berry' && !/^\s*nodeLinker:\s*['"]?node-modules/m.test(yarnrc ?? '')
    if (pnp)
      manualSteps.push(
        `Yarn Plug'n'Play gives ${PASSKEY_PACKAGE} only the peers your app declares: add ${PINNED_PEERS.join(', ')} ` +
          'and @better-auth/core to your dependencies at the versions better-auth uses ' +
          '(or set `nodeLinker: node-modules`).',
      )
    return
  }
  if (manager.name !== 'npm' && manager.name !== 'pnpm') return
  const manifestOf = (folder: string) => changes.read(path.posix.join(folder, 'node_modules/better-auth/package.json'))
  const manifest = manifestOf('.') ?? (toRoot ? manifestOf(toRoot) : null)
  const depends = manifest
    ? ((JSON.parse(manifest) as { dependencies?: Record<string, string> }).dependencies ?? {})
    : {}
  const pins = Object.fromEntries(PINNED_PEERS.flatMap((name) => (depends[name] ? [[name, depends[name]]] : [])))
  const listed = Object.entries(pins)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')
  if (Object.keys(pins).length < PINNED_PEERS.length) {
    manualSteps.push(
      manager.name === 'npm'
        ? `If npm refuses to install ${PASSKEY_PACKAGE} (a peer conflict on ${PINNED_PEERS.join(', ')}), add ` +
            `"overrides": { "${PASSKEY_PACKAGE}": { ... } } setting them to the versions better-auth depends on.`
        : `Once installed, check that pnpm gave ${PASSKEY_PACKAGE} the ${PINNED_PEERS.join(', ')} better-auth uses ` +
            `(\`pnpm why better-call\`), else pin them with overrides such as "${PASSKEY_PACKAGE}>better-call".`,
    )
    return
  }
  const rootManifest = atRoot('package.json')
  if (manager.name === 'npm') {
    const text = changes.read(rootManifest)
    if (text === null) return
    const json = JSON.parse(text) as { overrides?: Record<string, unknown> }
    if (json.overrides?.[PASSKEY_PACKAGE] !== undefined) return
    json.overrides = { ...(json.overrides ?? {}), [PASSKEY_PACKAGE]: pins }
    changes.update(rootManifest, rewriteJson(text, json))
    notes.push(
      `${rootManifest}: npm overrides for ${PASSKEY_PACKAGE}'s exact peer pins (${listed}, what better-auth ` +
        `itself uses).`,
    )
    return
  }
  const selectors = Object.fromEntries(
    Object.entries(pins).map(([name, version]) => [`${PASSKEY_PACKAGE}>${name}`, version]),
  )
  const workspaceFile = atRoot('pnpm-workspace.yaml')
  const yaml = changes.read(workspaceFile)
  const major = Number(manager.version?.split('.')[0] ?? 10)
  if (yaml !== null && major >= 10) {
    const next = addPnpmOverrides(yaml, selectors)
    if (next === yaml) return
    changes.update(workspaceFile, next)
    notes.push(
      `${workspaceFile}: pnpm overrides for ${PASSKEY_PACKAGE}'s exact peer pins (${listed}, what better-auth ` +
        `itself uses).`,
    )
    return
  }
  const text = changes.read(rootManifest)
  if (text === null) return
  const json = JSON.parse(text) as { pnpm?: { overrides?: Record<string, string> } }
  const current = json.pnpm?.overrides ?? {}
  const missing = Object.entries(selectors).filter(([key]) => current[key] === undefined)
  if (missing.length === 0) return
  json.pnpm = { ...json.pnpm, overrides: { ...current, ...Object.fromEntries(missing) } }
  changes.update(rootManifest, rewriteJson(text, json))
  notes.push(
    `${rootManifest}: pnpm overrides for ${PASSKEY_PACKAGE}'s exact peer pins (${listed}, what better-auth ` +
      `itself uses).`,
  )
}

/** pnpm-workspace.yaml with `overrides` holding each of `selectors` it lacks (comments and order kept). */
function addPnpmOverrides(text: string, selectors: Record<string, string>): string {
  const { isMap, parseDocument } = loadYaml()
  const document = parseDocument(text)
  const overrides = document.get('overrides')
  const missing = Object.entries(selectors).filter(([key]) => !(isMap(overrides) && overrides.has(key)))
  if (missing.length === 0) return text
  if (isMap(overrides)) for (const [key, value] of missing) overrides.set(key, value)
  else document.set('overrides', Object.fromEntries(missing))
  return document.toString()
}
