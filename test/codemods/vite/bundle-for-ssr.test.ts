import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleForSsr } from '../../../src/codemods/vite/bundle-for-ssr.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'vite.config.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('bundleForSsr cases', {
  dir: fileURLToPath(new URL('./bundle-for-ssr/', import.meta.url)),
  fileName: FILE,
  transform: bundleForSsr,
  options: () => ({ packageName: 'zod', style: STYLE }),
})

describe('bundleForSsr', () => {
  const run = (text: string) => runTransform(text, FILE, bundleForSsr, { packageName: 'zod', style: STYLE })

  it('says whether it added the package, found it there, or could not read the config', () => {
    expect(run('export default { plugins: [] }\n').data).toEqual({ added: true })
    expect(run("export default { ssr: { noExternal: ['zod'] } }\n").data).toEqual({ added: false })
    expect(run('export default { ssr: { noExternal: true } }\n').data).toEqual({ added: false })
    expect(run('export default { ssr: shared }\n').data).toEqual({ added: null })
    expect(run('export default { ssr: { noExternal: /zod/ } }\n').data).toEqual({ added: null })
    expect(run('export default makeConfig()\n').data).toEqual({ added: null })
  })
})
