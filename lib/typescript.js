// TypeScript's compiler API (the copy ts-morph bundles). Importing it as `import { ts } from
// 'ts-morph'` costs ~150 ms more at start-up: Node then loads ts-morph and @ts-morph/common too
// and lexes ts-morph's 1 MB for its named exports. Types: typescript.d.ts. Plain JS beside src/
// (shipped as is) because a .ts module cannot re-export a namespace's types as a default import.
//
// Reading, compiling and running the 9 MB bundle is most of what any kit-auth command costs, so:
// - `npm run build` writes a copy with only the parser and what it reaches, minified
//   (scripts/vendor-typescript.mjs, 0.9 MB), to dist/vendor/, named by the original's size; it is
//   loaded instead when it was made from the installed original;
// - it is compiled through V8's code cache, kept in the user's cache folder (never in the project).
// KIT_AUTH_NO_CODE_CACHE=1 loads the original plainly.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { isMainThread, threadId } from 'node:worker_threads'

const require = createRequire(import.meta.url)
const original = require.resolve('@ts-morph/common/dist/typescript.js')

/**
 * The minified copy made from this original (`typescript-<original's size>-<hash of the copy>.js`), or
 * the original when there is none.
 */
function bundleFile() {
  const folder = fileURLToPath(new URL('../dist/vendor/', import.meta.url))
  const prefix = `typescript-${statSync(original).size}-`
  try {
    const name = readdirSync(folder).find((entry) => entry.startsWith(prefix) && entry.endsWith('.js'))
    return name ? path.join(folder, name) : original
  } catch {
    return original
  }
}

/**
 * Where V8's code cache for a bundle is kept. V8 checks a cache against its source's length only, so
 * the key names the bundle exactly: the copy by the hash in its name, the original by its package's
 * version (and both by their length).
 */
function cacheFileFor(file, source) {
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir())
  const name =
    file === original
      ? `typescript-${require('@ts-morph/common/package.json').version}-${source.length}`
      : path.basename(file, '.js')
  return path.join(base, 'kit-auth', `${name}-${source.length}-${process.version}-${process.arch}.v8cache`)
}

/** Code caches kept per user: one per kit-auth build and Node version seen, so older ones are removed. */
const CACHES_KEPT = 4

/** Removes all but the CACHES_KEPT newest code caches (a cache is written only when it is missing or stale). */
function pruneCaches(folder) {
  const caches = readdirSync(folder)
    .filter((name) => name.endsWith('.v8cache'))
    .map((name) => ({ file: path.join(folder, name), written: statSync(path.join(folder, name)).mtimeMs }))
    .sort((a, b) => b.written - a.written)
  for (const { file } of caches.slice(CACHES_KEPT)) rmSync(file, { force: true })
}

function loadWithCodeCache(file) {
  // the minified copy is ASCII (its build makes sure): latin1 decodes it to the same string, faster
  const source = readFileSync(file, file === original ? 'utf8' : 'latin1')
  const cacheFile = cacheFileFor(file, source)
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // first run: no cache yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(original), module, file, path.dirname(original))
  // one writer: worker threads (kit-auth audit's) load the bundle too, and exit in the same process
  if ((!cachedData || script.cachedDataRejected) && isMainThread) {
    // Written at exit so the cache also holds the functions this run compiled lazily.
    process.once('exit', () => {
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true })
        const temp = `${cacheFile}.${process.pid}.${threadId}`
        writeFileSync(temp, script.createCachedData())
        renameSync(temp, cacheFile)
        pruneCaches(path.dirname(cacheFile))
      } catch {
        // a read-only home is fine: the next run compiles again
      }
    })
  }
  return module.exports
}

/** The file the compiler API was loaded from: the minified copy in dist/vendor/, or the original. */
export const loadedFrom = process.env.KIT_AUTH_NO_CODE_CACHE ? original : bundleFile()

/** The copy when it loads (a damaged one, say from an interrupted build, falls back to the original). */
function load() {
  if (process.env.KIT_AUTH_NO_CODE_CACHE) return require(original)
  if (loadedFrom === original) return loadWithCodeCache(original)
  try {
    return loadWithCodeCache(loadedFrom)
  } catch {
    return loadWithCodeCache(original)
  }
}

export default load()
