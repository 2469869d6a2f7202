// Moved to the toolkit (src/codemods/js/imports.ts); kept while callers move over.
export { addNamedImports, type NamedImport } from './js/imports.js'
