// TypeScript's compiler API (the copy ts-morph bundles). Importing it as `import { ts } from
// 'ts-morph'` costs ~150 ms more at start-up: Node then loads ts-morph and @ts-morph/common too
// and lexes ts-morph's 1 MB for its named exports. Types: typescript.d.ts. Plain JS beside src/
// (shipped as is) because a .ts module cannot re-export a namespace's types as a default import.
//
// Compiling the 9 MB bundle is most of what any kit-auth command costs (~160 ms), so it is
// loaded through V8's code cache, kept in the user's cache folder (never in the project):
// ~60 ms once warm. Set KIT_AUTH_NO_CODE_CACHE=1 to load it plainly.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import vm from 'node:vm'

const require = createRequire(import.meta.url)
const file = require.resolve('@ts-morph/common/dist/typescript.js')

function cacheFileFor(source) {
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir())
  const version = /versionMajorMinor = "([\d.]+)"/.exec(source.slice(0, 200_000))?.[1] ?? 'x'
  return path.join(base, 'kit-auth', `typescript-${version}-${source.length}-${process.version}-${process.arch}.v8cache`)
}

function loadWithCodeCache() {
  const source = readFileSync(file, 'utf8')
  const cacheFile = cacheFileFor(source)
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // first run: no cache yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file))
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit so the cache also holds the functions this run compiled lazily.
    process.once('exit', () => {
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true })
        const temp = `${cacheFile}.${process.pid}`
        writeFileSync(temp, script.createCachedData())
        renameSync(temp, cacheFile)
      } catch {
        // a read-only home is fine: the next run compiles again
      }
    })
  }
  return module.exports
}

export default process.env.KIT_AUTH_NO_CODE_CACHE ? require(file) : loadWithCodeCache()
