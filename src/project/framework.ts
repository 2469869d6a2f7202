import { KitError } from '../core/errors.js'
import type { ProjectInfo } from './types.js'

export type Framework = ProjectInfo['framework']['name']

/** Frameworks kit-auth names when it refuses a project, checked in this order. */
const KNOWN_FRAMEWORKS: readonly { name: string; matches: (dep: string) => boolean }[] = [
  { name: 'next', matches: (dep) => dep === 'next' },
  { name: '@remix-run/*', matches: (dep) => dep.startsWith('@remix-run/') },
  { name: '@react-router/dev', matches: (dep) => dep === '@react-router/dev' },
  { name: 'astro', matches: (dep) => dep === 'astro' },
  { name: 'nuxt', matches: (dep) => dep === 'nuxt' },
  { name: '@sveltejs/kit', matches: (dep) => dep === '@sveltejs/kit' },
  { name: '@solidjs/start', matches: (dep) => dep === '@solidjs/start' },
  { name: '@tanstack/react-router', matches: (dep) => dep === '@tanstack/react-router' },
  { name: '@tanstack/solid-router', matches: (dep) => dep === '@tanstack/solid-router' },
  { name: 'vite', matches: (dep) => dep === 'vite' },
  { name: 'react', matches: (dep) => dep === 'react' },
  { name: 'vue', matches: (dep) => dep === 'vue' },
  { name: 'svelte', matches: (dep) => dep === 'svelte' },
  { name: 'solid-js', matches: (dep) => dep === 'solid-js' },
]

/** The Start flavour declared among `deps`, or null: `startFramework({ '@tanstack/react-start': '^1' })`. */
export function startFramework(deps: Record<string, string>): Framework | null {
  if ('@tanstack/react-start' in deps) return '@tanstack/react-start'
  if ('@tanstack/solid-start' in deps) return '@tanstack/solid-start'
  return null
}

/** Names of the known frameworks among `deps`: `['next', 'react']`. */
export function recognisedFrameworks(deps: Record<string, string>): string[] {
  const names = Object.keys(deps)
  return KNOWN_FRAMEWORKS.filter((framework) => names.some(framework.matches)).map((framework) => framework.name)
}

/** The error for an app that is not a TanStack Start app, naming what it is instead. */
export function notStartError(packageJsonPath: string, deps: Record<string, string>): KitError {
  const found = recognisedFrameworks(deps)
  const routerOnly = found.includes('@tanstack/react-router')
  return new KitError(
    `Not a TanStack Start app: ${packageJsonPath} has no @tanstack/react-start dependency (found ` +
      `${found.length > 0 ? found.join(', ') : 'no known framework'})`,
    routerOnly
      ? 'kit-auth needs TanStack Start (server functions); move this TanStack Router app to Start first, or pass ' +
          '--cwd <app dir>.'
      : 'Run kit-auth in a TanStack Start app, or pass --cwd <app dir>.',
    { details: { found } },
  )
}

/** The error for a TanStack Solid Start app. */
export function solidError(): KitError {
  return new KitError(
    'This is a TanStack Solid Start app (@tanstack/solid-start); Solid is not supported yet',
    'kit-auth currently supports @tanstack/react-start apps only.',
  )
}

/** The error for a workspace root that is not itself a Start app, listing the Start apps inside (relative paths). */
export function workspaceRootError(root: string, candidates: readonly string[]): KitError {
  const details = { candidates: [...candidates] }
  if (candidates.length === 0) {
    return new KitError(
      `No TanStack Start app in the workspace at ${root}`,
      'Run kit-auth in a TanStack Start app folder, or pass --cwd <app dir>.',
      { details },
    )
  }
  const flags = candidates.map((candidate) => `--cwd ${candidate}`)
  return new KitError(
    `${root} is a workspace root, not a TanStack Start app; Start ${candidates.length === 1 ? 'app' : 'apps'} ` +
      `found: ${candidates.join(', ')}`,
    candidates.length === 1 ? `Run again with ${flags[0]}.` : `Run again with one of: ${flags.join(', ')}.`,
    { details },
  )
}
