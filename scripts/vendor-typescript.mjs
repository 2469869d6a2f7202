#!/usr/bin/env node
// Part of `npm run build`: writes the copy of the TypeScript bundle kit-auth loads (lib/typescript.js)
// to dist/vendor/. The 9 MB bundle cost every command ~250 ms to read, check against V8's code cache
// and run. The copy keeps only what the `ts.<name>`s in src/ reach (scripts/shake-typescript.mjs: the
// parser, not the checker, emitter or language service), with its local names shortened and its
// whitespace and comments dropped: 0.9 MB. Exported names keep their names (only locals are renamed)
// and no kept code is rewritten (`compress: false`), so it behaves as the original does.
// lib/typescript.js falls back to the original when the copy is missing or made from another one.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'rolldown/experimental'

const require = createRequire(import.meta.url)
const original = require.resolve('@ts-morph/common/dist/typescript.js')
const folder = fileURLToPath(new URL('../dist/vendor/', import.meta.url))
const srcFolder = fileURLToPath(new URL('../src/', import.meta.url))

/** Every `ts.<name>` kit-auth's sources use (types among them: the shaker ignores what is not exported). */
function apiNamesUsed(folder) {
  const names = new Set()
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue
    for (const match of readFileSync(path.join(folder, file), 'utf8').matchAll(/\bts\.([A-Za-z_$][\w$]*)/g))
      names.add(match[1])
  }
  return [...names].sort()
}

const source = readFileSync(original, 'utf8')
const names = apiNamesUsed(srcFolder)
// the same original, names and scripts make the same copy: skip the ~10 s of work
const key = createHash('sha256')
  .update(source)
  .update(names.join(','))
  .update(readFileSync(new URL('./shake-typescript.mjs', import.meta.url)))
  .update(readFileSync(new URL(import.meta.url)))
  .digest('hex')
// kept out of dist/ (which the package ships): only this build reads it
const keyFile = fileURLToPath(new URL('../.tmp/vendor-typescript.key', import.meta.url))
const made = () => readdirSync(folder).some((name) => name.startsWith(`typescript-${statSync(original).size}-`))
if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && made()) process.exit(0)

const { shakeTypeScript } = await import('./shake-typescript.mjs')
const shaken = shakeTypeScript(source, names)
const result = await minify('typescript.js', shaken.text, {
  compress: false,
  mangle: true,
  codegen: { removeWhitespace: true },
})
if (result.errors?.length) {
  console.error(`vendor-typescript: could not minify ${original}: ${result.errors[0].message}`)
  process.exit(1)
}
const license = /^\/\*![\s\S]*?\*\/\n/.exec(source)?.[0] ?? ''
// ASCII only, so that lib/typescript.js may decode it as latin1: anything else is written as an escape
// (valid in the strings, regular expressions and identifiers where the minifier leaves it)
const ascii = result.code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
const text = `${license.replace(/[^\x00-\x7f]/g, '?')}${ascii}`
// named by the original's size (how lib/typescript.js finds it without reading the original) and by a
// hash of its own text (what its code cache is keyed by)
const hash = createHash('sha256').update(text).digest('hex').slice(0, 12)
const target = path.join(folder, `typescript-${statSync(original).size}-${hash}.js`)
mkdirSync(folder, { recursive: true })
// written whole, then renamed: an interrupted build leaves no half copy behind
writeFileSync(`${target}.tmp`, text)
for (const old of readdirSync(folder)) if (old !== path.basename(`${target}.tmp`)) rmSync(path.join(folder, old))
renameSync(`${target}.tmp`, target)
mkdirSync(path.dirname(keyFile), { recursive: true })
writeFileSync(keyFile, key)
