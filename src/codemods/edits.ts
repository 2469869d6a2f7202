// Moved to the toolkit (src/codemods/js) and the transform runner; kept while callers move over.
export { applyEdits, type TextEdit } from './js/edits.js'
export { indentAt } from './js/trivia.js'
export { parseOrRefuse as parseForEdit } from './transform.js'
