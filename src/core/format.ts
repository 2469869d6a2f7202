/** How the app writes code: detected by inspection (src/project/style.ts), followed by generated code. */
export interface CodeStyle {
  quote: 'single' | 'double'
  semicolons: boolean
  /** The indent unit: two spaces, four spaces or a tab. */
  indent: string
  source: 'prettier' | 'biome' | 'editorconfig' | 'sampled' | 'default'
}

/**
 * Formats generated TypeScript in the app's style (quotes, semicolons, indent) with Prettier.
 * Templates are written Prettier-clean in the default style, so formatting only changes what
 * the app's style changes.
 *
 * @example await formatCode(source, 'src/lib/auth/auth.ts', { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' })
 */
export async function formatCode(source: string, file: string, style: CodeStyle): Promise<string> {
  const prettier = await import('prettier')
  return prettier.format(source, {
    parser: 'typescript',
    filepath: file,
    semi: style.semicolons,
    singleQuote: style.quote === 'single',
    jsxSingleQuote: false,
    useTabs: style.indent === '\t',
    tabWidth: style.indent === '\t' ? 2 : style.indent.length,
    trailingComma: 'all',
    printWidth: 80,
  })
}
