import { ts } from '@ts-morph/common'

/** The file the compiler API was loaded from: the minified copy in dist/vendor/, or the original. */
export declare const loadedFrom: string

/**
 * TypeScript's compiler API. The copy `npm run build` writes holds only the `ts.<name>`s src/ names and
 * what they reach (scripts/vendor-typescript.mjs scans src/): a name used another way is not in it.
 */
export default ts
