#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles dist/cli.js into dist/kit-auth.js (what bin/kit-auth.js
// runs) and a chunk per lazily loaded command under dist/chunks/. Node loads an ES module at a time:
// `protect` was ~90 of them (commander and diff's files among them), and resolving, reading and
// compiling each cost it ~100 ms; `--help` loaded 8. The tests that run `main` in a thread still load
// dist/ file by file; those that spawn the binary run this bundle.
//
// Inlined: kit-auth's modules and the small pure packages every command loads. External: Node's
// modules, lib/typescript.js (it finds dist/vendor/ beside it) and the other packages (prettier,
// execa, handlebars... load as they are, from node_modules).
// Files found through `new URL('<relative>', import.meta.url)` keep working because the entry sits in
// dist/ like main.js and the chunks one folder down like dist/<area>/*.js; the build checks each.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const INLINED = new Set(['commander', 'picocolors', 'diff'])
const packageOf = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0])

rmSync(path.join(dist, 'chunks'), { recursive: true, force: true })
const bundle = await rolldown({
  input: path.join(dist, 'cli.js'),
  platform: 'node',
  logLevel: 'warn',
  external: (id) => {
    if (id.startsWith('node:') || builtinModules.includes(id)) return true
    if (/[\\/]lib[\\/]typescript\.js$/.test(id)) return true
    if (id.startsWith('.') || path.isAbsolute(id)) return false
    return !INLINED.has(packageOf(id))
  },
})
await bundle.write({
  dir: dist,
  format: 'esm',
  entryFileNames: 'kit-auth.js',
  chunkFileNames: 'chunks/[name]-[hash].js',
})
await bundle.close()

const written = [
  path.join(dist, 'kit-auth.js'),
  ...readdirSync(path.join(dist, 'chunks')).map((f) => path.join(dist, 'chunks', f)),
]
const missing = []
for (const file of written) {
  const check = (relative) => {
    if (!existsSync(path.resolve(path.dirname(file), relative)))
      missing.push(`${path.relative(dist, file)}: ${relative}`)
  }
  // code lines only: comments and generated code quote paths too
  const code = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n')
  for (const [, relative] of code.matchAll(/new URL\(\s*["'](\.{1,2}\/[^"']*)["'],\s*import\.meta\.url\s*\)/g))
    check(relative)
  for (const [, relative] of code.matchAll(/^(?:import|export)\b[^;'"]*?["'](\.{1,2}\/[^"']*)["']/gm)) check(relative)
}
if (missing.length > 0) {
  console.error(`bundle-cli: the bundle points at files that are not there:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
