#!/usr/bin/env node
// `npm run demo`: copies a sample TanStack Start app (fixtures/default-npm) to a temp folder,
// installs it, runs `kit-auth init --yes` on it (auth layer, dependencies, database), builds it
// and serves it with the env a host would set. Prints the URL; Ctrl-C stops it.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
const app = path.join(mkdtempSync(path.join(os.tmpdir(), 'kit-auth-demo-')), 'app')
const step = (text) => console.log(`\n\x1b[1m> ${text}\x1b[0m`)
const run = (file, args) => execFileSync(file, args, { cwd: app, stdio: 'inherit' })

step(`Copying the sample app to ${app}`)
cpSync(path.join(repo, 'fixtures/default-npm'), app, { recursive: true })
step('Installing its dependencies (npm ci)')
run('npm', ['ci', '--no-audit', '--no-fund'])
step('kit-auth init --yes')
run(process.execPath, [path.join(repo, 'bin/kit-auth.js'), 'init', '--yes'])
step('Building the app (vite build)')
run('npx', ['vite', 'build'])

const port = await new Promise((resolve) => {
  const server = net
    .createServer()
    .listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    .on('error', () => {
      const fallback = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = fallback.address()
        fallback.close(() => resolve(port))
      })
    })
})
// A host sets these; .env.local is for `vite dev`.
const env = Object.fromEntries(
  readFileSync(path.join(app, '.env.local'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_]+)=(.*)$/.exec(line))
    .filter(Boolean)
    .map((match) => [match[1], match[2]]),
)
const url = `http://localhost:${port}`
step(`Serving the built app at ${url}`)
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
  cwd: app,
  stdio: 'inherit',
  env: { ...process.env, ...env, BETTER_AUTH_URL: url },
})
console.log(
  `\n  Sign up:   ${url}/sign-up\n  Guarded:   ${url}/account (redirects to sign-in until you sign in)\n  App files: ${app}\n  Ctrl-C stops the server.\n`,
)
process.on('SIGINT', () => server.kill('SIGINT'))
server.on('exit', (code) => process.exit(code ?? 0))
