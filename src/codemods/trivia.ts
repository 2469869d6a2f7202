// Moved to the toolkit (src/codemods/js/trivia.ts); kept while callers move over.
export { eolOf, lineEndAfter, lineStart, skipTrivia, startsLine } from './js/trivia.js'
