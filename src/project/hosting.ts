import { existsSync } from 'node:fs'
import path from 'node:path'

/** A host where a local SQLite file cannot hold the app's users: no persistent disk per instance. */
export interface ServerlessHost {
  name: 'Cloudflare Workers' | 'Netlify' | 'Vercel'
  /** What gave it away, e.g. `wrangler.jsonc` or `@cloudflare/vite-plugin`. */
  evidence: string
}

/**
 * Each host with how to recognise it and the header its proxy sets to the client's address (replacing a client's own).
 */
const HOSTS: { name: ServerlessHost['name']; files: string[]; packages: string[]; ipHeader: string }[] = [
  {
    name: 'Cloudflare Workers',
    files: ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'],
    packages: ['@cloudflare/vite-plugin'],
    ipHeader: 'cf-connecting-ip',
  },
  {
    name: 'Netlify',
    files: ['netlify.toml'],
    packages: ['@netlify/vite-plugin-tanstack-start'],
    ipHeader: 'x-nf-client-connection-ip',
  },
  { name: 'Vercel', files: ['vercel.json'], packages: [], ipHeader: 'x-real-ip' },
]

/**
 * The serverless host the app deploys to (roots: the app, then its workspace root), from its config files (what `create
 * --deployment`
 * writes) or its deploy plugin; null for a Node server (Nitro's node preset, Railway, Render...).
 */
export function serverlessHost(roots: readonly string[], dependencies: readonly string[]): ServerlessHost | null {
  for (const host of HOSTS) {
    // in a monorepo the host's config often sits at the workspace root
    const found = roots.flatMap((root) =>
      host.files.filter((name) => existsSync(path.join(root, name))).map((name) => path.join(root, name)),
    )[0]
    if (found) return { name: host.name, evidence: path.relative(roots[0] ?? '', found) || path.basename(found) }
    const dependency = host.packages.find((name) => dependencies.includes(name))
    if (dependency) return { name: host.name, evidence: dependency }
  }
  return null
}

/** Fly.io (`fly.toml` at the app or workspace root): its proxy sets `Fly-Client-IP` to the client's address. */
export function onFly(roots: readonly string[]): boolean {
  return roots.some((root) => existsSync(path.join(root, 'fly.toml')))
}

/** The header the app's host sets to the client's address, for the generated client-ip.ts (none on a plain server). */
export function clientIpHeaderOf(project: { host: ServerlessHost | null; fly?: boolean }): {
  hostIpHeader?: string
  hostName?: string
} {
  const host = HOSTS.find((candidate) => candidate.name === project.host?.name)
  if (host) return { hostIpHeader: host.ipHeader, hostName: host.name }
  return project.fly ? { hostIpHeader: 'fly-client-ip', hostName: 'Fly' } : {}
}
