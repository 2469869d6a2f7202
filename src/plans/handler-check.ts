import path from 'node:path'
import { KitError } from '../core/errors.js'
import { parse } from '../codemods/js/parse.js'
import { callsHandlerOf, importedBindings } from '../project/imported-bindings.js'
import { appModulePath, moduleCandidates } from '../project/modules.js'
import type { ProjectInfo } from '../project/types.js'

/**
 * Refuses an app handler route kit-auth cannot build on, before anything is written: with no instance found, one
 * that serves an instance kit-auth found nowhere (a workspace package it cannot read, a file it cannot see):
 * kit-auth would make a second instance, or a file conflict that --force would settle by overwriting the handler.
 * kit-auth's own handler (it passes `withClientIp(request)`) passes. (A handler serving Better Auth through Convex
 * is told apart before: `convexAuthOf`.)
 */
export function checkHandler(
  project: ProjectInfo,
  read: (file: string) => string | null,
  file: string,
  hasInstance: boolean,
): void {
  const text = read(file)
  if (!text || text.includes('withClientIp(')) return
  if (hasInstance) return
  const sourceFile = parse(text, file)
  const bindings = importedBindings(sourceFile)
  const binding = bindings.find((candidate) => callsHandlerOf(sourceFile, candidate.local))
  if (!binding) return
  const base = appModulePath(project.aliases, file, binding.specifier)
  const why =
    base === null
      ? `'${binding.specifier}' is a package kit-auth cannot read (a workspace package needs its package.json, ` +
        'and an entry in its `exports` that points at source)'
      : `no file it reaches (${binding.specifier}) makes a betterAuth({...}) call kit-auth can see`
  throw new KitError(
    `${file} serves Better Auth through \`${binding.local}\` from '${binding.specifier}', but kit-auth cannot ` +
      `find that instance: ${why}. Nothing was written.`,
    'kit-auth will not replace your handler (--force would overwrite it). Make the instance reachable, then run ' +
      'kit-auth init again; or move the handler aside if kit-auth should set up a Better Auth of its own.',
  )
}

/** The app file an import names (relative paths and the app's aliases), read through the change set. */
export function resolveModule(
  project: Pick<ProjectInfo, 'aliases'>,
  read: (file: string) => string | null,
  from: string,
  specifier: string,
): string | null {
  const base = appModulePath(project.aliases, from, specifier)
  if (base === null) return null
  return moduleCandidates(base).find((file) => read(file) !== null) ?? null
}

/**
 * The app's custom server entry (`src/server.ts`, Start's `server-entry` wrapper) when it hands requests to the
 * instance in `instanceFile` itself (`if (url.pathname.startsWith('/api/auth/')) return auth.handler(request)`):
 * Better Auth is served there, before any route, so a /api/auth/$ route would never receive a request.
 */
export function serverEntryHandler(
  project: ProjectInfo,
  read: (file: string) => string | null,
  instanceFile: string,
): string | null {
  for (const extension of ['.ts', '.tsx', '.js', '.mjs']) {
    const file = path.posix.join(project.srcDirectory, `server${extension}`)
    const text = read(file)
    if (!text || !text.includes('.handler(')) continue
    const sourceFile = parse(text, file)
    const served = importedBindings(sourceFile).some(
      (binding) =>
        resolveModule(project, read, file, binding.specifier) === instanceFile &&
        callsHandlerOf(sourceFile, binding.local),
    )
    if (served) return file
  }
  return null
}
