import { ts } from '@ts-morph/common'

/** The file the compiler API was loaded from: the minified copy in dist/vendor/, or the original. */
export declare const loadedFrom: string

export default ts
