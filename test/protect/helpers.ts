import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { FIXTURES_DIR } from '../helpers/fixtures.js'

const created: string[] = []

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})

/** What `kit-auth init` writes to guards.ts, reduced to what protect needs (the exports). */
export const GUARDS = `import { redirect } from '@tanstack/react-router'

interface GuardOptions {
  location: { href: string }
}

export async function requireAuth({ location }: GuardOptions) {
  if (!location) throw redirect({ to: '/sign-in' })
  return { session: null }
}

export async function requireAdminAuth(options: GuardOptions) {
  return requireAuth(options)
}

export async function redirectIfAuthenticated() {}
`

/** A route file: `createFileRoute(id)({ body })`. */
export function routeFile(id: string, body = 'component: Page', quote = "'"): string {
  return `import { createFileRoute } from ${quote}@tanstack/react-router${quote}\n\nexport const Route = createFileRoute(${quote}${id}${quote})({\n  ${body},\n})\n\nfunction Page() {\n  return null\n}\n`
}

/** A temp copy of a fixture's sources (no node_modules) with extra files written in, removed after the suite. */
export function appFrom(fixture: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-protect-${fixture}-`))
  created.push(root)
  cpSync(path.join(FIXTURES_DIR, fixture), root, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}node_modules`),
  })
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}
