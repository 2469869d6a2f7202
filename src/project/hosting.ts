import { existsSync } from 'node:fs'
import path from 'node:path'

/** A host where a local SQLite file cannot hold the app's users: no persistent disk per instance. */
export interface ServerlessHost {
  name: 'Cloudflare Workers' | 'Netlify' | 'Vercel'
  /** What gave it away, e.g. `wrangler.jsonc` or `@cloudflare/vite-plugin`. */
  evidence: string
}

const HOSTS: { name: ServerlessHost['name']; files: string[]; packages: string[] }[] = [
  { name: 'Cloudflare Workers', files: ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'], packages: ['@cloudflare/vite-plugin'] },
  { name: 'Netlify', files: ['netlify.toml'], packages: ['@netlify/vite-plugin-tanstack-start'] },
  { name: 'Vercel', files: ['vercel.json'], packages: [] },
]

/**
 * The serverless host the app deploys to, from its config files (what `create --deployment`
 * writes) or its deploy plugin; null for a Node server (Nitro's node preset, Railway, Render...).
 */
export function serverlessHost(root: string, dependencies: readonly string[]): ServerlessHost | null {
  for (const host of HOSTS) {
    const file = host.files.find((name) => existsSync(path.join(root, name)))
    if (file) return { name: host.name, evidence: file }
    const dependency = host.packages.find((name) => dependencies.includes(name))
    if (dependency) return { name: host.name, evidence: dependency }
  }
  return null
}
