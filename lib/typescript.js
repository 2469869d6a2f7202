// TypeScript's compiler API (the copy ts-morph bundles), loaded with require(). Importing it as
// `import { ts } from 'ts-morph'` costs ~150 ms more at start-up: Node then loads ts-morph and
// @ts-morph/common too and lexes ts-morph's 1 MB for its named exports. Types: typescript.d.ts.
// Plain JS beside src/ (shipped as is) because a .ts module cannot re-export a namespace's types
// under a default import.
import { createRequire } from 'node:module'

export default createRequire(import.meta.url)('@ts-morph/common/dist/typescript.js')
