import { sortImportBlock } from '../codemods/js/sort-imports.js'

/** How the app writes code: detected by inspection (src/project/style.ts), followed by generated code. */
export interface CodeStyle {
  quote: 'single' | 'double'
  semicolons: boolean
  /** The indent unit: two spaces, four spaces or a tab. */
  indent: string
  source: 'prettier' | 'biome' | 'oxfmt' | 'editorconfig' | 'sampled' | 'default'
  /** The formatter's line width when its config sets one (Prettier's 80 otherwise). */
  printWidth?: number
  /** The app's tools sort imports (Biome's organizeImports): generated imports follow its order. */
  sortImports?: boolean
}

/**
 * Formats generated TypeScript in the app's style (quotes, semicolons, indent) with Prettier.
 * Templates are written Prettier-clean in the default style, so formatting only changes what
 * the app's style changes.
 *
 * @example await formatCode(source, 'src/lib/auth/auth.ts', { quote: 'double', semicolons: true, indent: '  ',
 *   source: 'prettier' })
 */
export async function formatCode(source: string, file: string, style: CodeStyle): Promise<string> {
  const prettier = await import('prettier')
  const text = style.sortImports ? sortImportBlock(source, file) : source
  const options: import('prettier').Options = {
    filepath: file,
    semi: style.semicolons,
    singleQuote: style.quote === 'single',
    jsxSingleQuote: false,
    useTabs: style.indent === '\t',
    tabWidth: style.indent === '\t' ? 2 : style.indent.length,
    trailingComma: 'all',
    printWidth: style.printWidth ?? 80,
  }
  // Babel's TypeScript parser: the same output as `typescript` here, ~300 ms less per run (it does not
  // load and run TypeScript's own parser); on what Babel cannot parse, TypeScript's parser decides.
  try {
    return await prettier.format(text, { ...options, parser: 'babel-ts' })
  } catch {
    return prettier.format(text, { ...options, parser: 'typescript' })
  }
}

/** The formatter an app configures for its code: its config file names it (Prettier, Biome, oxfmt). */
export type AppFormatter = 'prettier' | 'biome' | 'oxfmt'

/**
 * The binary and arguments that format `files` in place with the app's formatter. Biome's
 * `check --write` with its linter off formats and organizes imports (its assist), nothing else.
 *
 * @example formatterCommand('prettier', ['src/a.ts']) // ['prettier', ['--write', 'src/a.ts']]
 */
export function formatterCommand(formatter: AppFormatter, files: string[]): [string, string[]] {
  if (formatter === 'biome')
    return ['biome', ['check', '--write', '--linter-enabled=false', '--no-errors-on-unmatched', ...files]]
  if (formatter === 'oxfmt') return ['oxfmt', ['--no-error-on-unmatched-pattern', ...files]]
  return ['prettier', ['--write', '--log-level=warn', ...files]]
}
