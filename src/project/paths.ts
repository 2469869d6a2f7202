import path from 'node:path'
import { relPosix } from './files.js'
import { asString, readJsonFile } from './json.js'
import type { StartOptions } from './vite-config.js'

export interface AppPaths {
  srcDirectory: string
  routesDirectory: string
  generatedRouteTree: string
}

/** Where tsr.config.json puts the routes (paths relative to the app root), each undefined when unset. */
export interface TsrConfig {
  routesDirectory?: string
  generatedRouteTree?: string
  /** Its file-naming options, only those set (as strings). */
  naming: RouteNaming
}

/** tsr.config.json's options for naming route files, as written (src/routes applies them). */
export interface RouteNaming {
  routeToken?: string
  indexToken?: string
  routeFileIgnorePrefix?: string
  routeFileIgnorePattern?: string
}

const NAMING_OPTIONS = ['routeToken', 'indexToken', 'routeFileIgnorePrefix', 'routeFileIgnorePattern'] as const

/** Reads `tsr.config.json` in the app root (KitError when malformed); empty when absent. */
export async function readTsrConfig(root: string): Promise<TsrConfig> {
  const config = await readJsonFile(path.join(root, 'tsr.config.json'), root)
  const naming: RouteNaming = {}
  for (const option of NAMING_OPTIONS) {
    const value = asString(config?.[option])
    if (value !== undefined) naming[option] = value
  }
  return {
    routesDirectory: asString(config?.routesDirectory),
    generatedRouteTree: asString(config?.generatedRouteTree),
    naming,
  }
}

/**
 * The app's source, routes and route-tree paths, relative to the root: the vite config's
 * `tanstackStart()` options first (routes relative to srcDirectory), then tsr.config.json (relative
 * to the root), then Start's defaults `src`, `src/routes`, `src/routeTree.gen.ts`.
 * @example appPaths('/app', { srcDirectory: 'app', relativeTo: 'srcDirectory' }, {}).routesDirectory // 'app/routes'
 */
export function appPaths(
  root: string,
  start: StartOptions,
  tsr: Pick<TsrConfig, 'routesDirectory' | 'generatedRouteTree'>,
): AppPaths {
  const srcDirectory = relPosix(root, path.resolve(root, start.srcDirectory ?? 'src'))
  const base = start.relativeTo === 'srcDirectory' ? srcDirectory : '.'
  const pick = (fromStart: string | undefined, fromTsr: string | undefined, fallback: string) => {
    const absolute =
      fromStart !== undefined
        ? path.resolve(root, base, fromStart)
        : path.resolve(root, fromTsr ?? path.join(srcDirectory, fallback))
    return relPosix(root, absolute)
  }
  return {
    srcDirectory,
    routesDirectory: pick(start.routesDirectory, tsr.routesDirectory, 'routes'),
    generatedRouteTree: pick(start.generatedRouteTree, tsr.generatedRouteTree, 'routeTree.gen.ts'),
  }
}
