import type ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import { applyEdits, type TextEdit, withLineEndings } from './js/edits.js'
import { type ImportStyle, wrapLongImports } from './js/imports.js'
import { parse, syntaxProblem } from './js/parse.js'
import { eolOf } from './js/trivia.js'

/**
 * The one contract every code edit of kit-auth follows: a transform gets a parsed file and its
 * options and returns text edits (written with `\n`; the runner keeps the file's line endings)
 * and notes for the report, or throws a `Refusal`. It never reads the disk and never applies its
 * own edits: `runTransform` parses once, refuses files that do not parse, applies the edits,
 * wraps the imports they made too long, and checks that the result still parses.
 */

/** What a transform is given: the file's text, its name (for messages) and the parsed tree. */
export interface SourceInput {
  text: string
  fileName: string
  sourceFile: ts.SourceFile
}

export interface TransformResult<Data = undefined> {
  edits: TextEdit[]
  /** What the user should know or check (shown in the report). */
  notes?: string[]
  /** What was added or moved (`admin()`, `tanstackStartCookies() moved last`), for the report. */
  changes?: string[]
  /** Anything else the caller needs (a status, a name...). */
  data?: Data
}

/** A code edit: `(file, options) => { edits, notes }`; see the module comment. */
export type Transform<Options, Data = undefined> = (file: SourceInput, options: Options) => TransformResult<Data>

/** The one way a transform says no: what is wrong with the file (named in the message) and what to do. */
export class Refusal extends KitError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super(message, hint, details ? { details } : {})
    this.name = 'Refusal'
  }
}

/**
 * A refusal that names the file first.
 *
 * @example throw refuse('src/lib/auth.ts', 'no betterAuth(...) call found', 'Create the instance with ...')
 */
export function refuse(fileName: string, what: string, hint: string, details?: Record<string, unknown>): Refusal {
  return new Refusal(`${fileName}: ${what}`, hint, details)
}

export interface RunOptions {
  /** With a style, named imports that the edits made longer than 80 columns are wrapped the way Prettier would. */
  style?: ImportStyle
  /** Completes the hint for a file that does not parse: "Fix the syntax error, then <rerun>". */
  rerun?: string
}

export interface RunResult<Data = undefined> {
  text: string
  changed: boolean
  notes: string[]
  changes: string[]
  data: Data | undefined
}

/**
 * Parses `text`, refuses it when it does not parse, and runs `transform` on it.
 *
 * @example runTransform(text, 'src/routes/dashboard.tsx', protectRoute, { guard: 'requireAuth', ... }, { style })
 */
export function runTransform<Options, Data>(
  text: string,
  fileName: string,
  transform: Transform<Options, Data>,
  options: Options,
  run: RunOptions = {},
): RunResult<Data> {
  const sourceFile = parseOrRefuse(text, fileName, run.rerun ?? 'run the command again')
  const result = transform({ text, fileName, sourceFile }, options)
  const eol = eolOf(text)
  let next = applyEdits(text, withLineEndings(result.edits, eol))
  if (next !== text && run.style) {
    const wraps = wrapLongImports(parse(next, fileName), text, run.style)
    if (wraps.length > 0) next = applyEdits(next, withLineEndings(wraps, eol))
  }
  if (next !== text) {
    const problem = syntaxProblem(parse(next, fileName))
    if (problem) {
      throw new Error(
        `kit-auth bug: editing ${fileName} left it unparsable at ${problem.line}:${problem.column} ` +
          `(${problem.message})`,
      )
    }
  }
  return {
    text: next,
    changed: next !== text,
    notes: result.notes ?? [],
    changes: result.changes ?? [],
    data: result.data,
  }
}

/**
 * Transforms run one after another on the same file, each on the text the previous ones left
 * (parsed again in between), as one transform: Angular's `chain`, shadcn's transformer list.
 * Notes and changes add up; a refusal of any step refuses the whole chain.
 *
 * @example const adoptAuth = chain(addAuthPlugins, addUserField, addDatabase)
 */
export function chain<Options>(...steps: Array<Transform<Options, unknown>>): Transform<Options> {
  return (file, options) => {
    let text = file.text
    // each step sees the file's own line endings, as the runner will write them
    const eol = eolOf(file.text)
    const notes: string[] = []
    const changes: string[] = []
    for (const step of steps) {
      const sourceFile = text === file.text ? file.sourceFile : parse(text, file.fileName)
      const result = step({ text, fileName: file.fileName, sourceFile }, options)
      text = applyEdits(text, withLineEndings(result.edits, eol))
      notes.push(...(result.notes ?? []))
      changes.push(...(result.changes ?? []))
    }
    return { edits: text === file.text ? [] : [spanEdit(file.text, text)], notes, changes }
  }
}

/** One edit that turns `before` into `after`: the span between their common start and end. */
function spanEdit(before: string, after: string): TextEdit {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let end = 0
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  ) {
    end++
  }
  return { start, end: before.length - end, text: after.slice(start, after.length - end) }
}

/**
 * Parses a file kit-auth is about to edit, or refuses it with the parser's first error
 * (file:line:column and message), because kit-auth edits only files it can read.
 */
export function parseOrRefuse(text: string, fileName: string, rerun = 'run the command again'): ts.SourceFile {
  const sourceFile = parse(text, fileName)
  const problem = syntaxProblem(sourceFile)
  if (problem) {
    throw new Refusal(
      `${fileName}:${problem.line}:${problem.column} does not parse: ${problem.message}`,
      `Fix the syntax error, then ${rerun}; kit-auth edits only files it can read.`,
    )
  }
  return sourceFile
}
