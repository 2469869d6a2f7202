#!/usr/bin/env node
// Part of `npm run build`: writes a minified copy of the TypeScript bundle kit-auth loads
// (lib/typescript.js) to dist/vendor/. The 9 MB bundle costs every command ~250 ms to read, check
// against V8's code cache and run; with its local names shortened and its whitespace and comments
// dropped it is 3.7 MB and costs about half. Names the API exports keep their names (only locals
// are renamed) and no code is rewritten (`compress: false`), so it behaves as the original does.
// lib/typescript.js falls back to the original when the copy is missing or made from another one.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'rolldown/experimental'

const require = createRequire(import.meta.url)
const original = require.resolve('@ts-morph/common/dist/typescript.js')
const folder = fileURLToPath(new URL('../dist/vendor/', import.meta.url))

const source = readFileSync(original, 'utf8')
const result = await minify('typescript.js', source, {
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
