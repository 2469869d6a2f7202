import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { execSync } from 'node:child_process'
import Module, { createRequire } from 'node:module'
import vm from 'node:vm'
const mode = process.argv[2]
const files = execSync('find src -name "*.ts*"', {encoding:'utf8', cwd:'/tmp/dn'}).split('\n').filter(f=>/\.tsx?$/.test(f))
const srcs = files.map(f => readFileSync('/tmp/dn/' + f, 'utf8'))
const require = createRequire(import.meta.url)
function load(file) {
  const source = readFileSync(file, 'utf8')
  const cacheFile = `/tmp/v8c-${file.replace(/\W/g, '_')}`
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, require, module, file, '/')
  process.once('exit', () => { if (!cachedData || script.cachedDataRejected) writeFileSync(cacheFile, script.createCachedData()) })
  return module.exports
}
let t0 = performance.now()
let prettier, plugins = [], parser
if (mode === 'ts') { prettier = await import('prettier'); parser = 'typescript' }
else if (mode === 'babel') { prettier = await import('prettier'); parser = 'babel-ts' }
else if (mode === 'standalone') { prettier = await import('prettier/standalone'); plugins = [await import('prettier/plugins/babel'), await import('prettier/plugins/estree')]; parser = 'babel-ts' }
else { prettier = load(require.resolve('prettier/standalone.js')); plugins = [load(require.resolve('prettier/plugins/babel.js')), load(require.resolve('prettier/plugins/estree.js'))]; parser = 'babel-ts' }
let t1 = performance.now()
for (let i = 0; i < files.length; i++) await prettier.format(srcs[i], { parser, plugins, filepath: files[i], semi: true, singleQuote: false, trailingComma: 'all' })
let t2 = performance.now()
console.log(mode, 'load', (t1-t0).toFixed(0), 'format', (t2-t1).toFixed(0), 'total', (t2-t0).toFixed(0))
