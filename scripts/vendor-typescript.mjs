#!/usr/bin/env node
// Part of `npm run build`: writes a minified copy of the TypeScript bundle kit-auth loads
// (lib/typescript.js) to dist/vendor/. The 9 MB bundle costs every command ~250 ms to read, check
// against V8's code cache and run; with its local names shortened and its whitespace and comments
// dropped it is 3.7 MB and costs about half. Names the API exports keep their names (only locals
// are renamed) and no code is rewritten (`compress: false`), so it behaves as the original does.
// lib/typescript.js falls back to the original when the copy is missing or made from another one.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'rolldown/experimental'

const require = createRequire(import.meta.url)
const original = require.resolve('@ts-morph/common/dist/typescript.js')
const folder = fileURLToPath(new URL('../dist/vendor/', import.meta.url))
// named by the original's size, which is how lib/typescript.js finds it without reading the original
const target = path.join(folder, `typescript-${statSync(original).size}.js`)

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
mkdirSync(folder, { recursive: true })
for (const old of readdirSync(folder)) rmSync(path.join(folder, old))
// ASCII only, so that lib/typescript.js may decode it as latin1: anything else is written as an escape
// (valid in the strings, regular expressions and identifiers where the minifier leaves it)
const ascii = result.code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
writeFileSync(target, `${license.replace(/[^\x00-\x7f]/g, '?')}${ascii}`)
