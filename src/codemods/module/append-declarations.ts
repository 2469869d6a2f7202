import type ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { boundNames, topLevelBindings } from '../js/bindings.js'
import type { TextEdit } from '../js/edits.js'
import { addNamedImports } from '../js/imports.js'
import { Refusal, type Transform } from '../transform.js'

/** One top-level declaration to append to a file. */
export interface Declaration {
  /** The name it declares (a value or a type); when the file already declares it, the declaration is skipped. */
  name: string
  /** The code, formatted in the app's style, ending with a newline. */
  code: string
  /** What it imports: module specifier (as written when the file has no import of that module yet) -> names. */
  imports?: Record<string, string[]>
  /** Local declarations of the same file it builds on (`requireAuth`, `authMiddleware`...). */
  uses?: string[]
}

export interface AppendOptions {
  declarations: Declaration[]
  style: CodeStyle
  /**
   * The specifier to import `module` with in this file: lets a file that reaches a sibling through
   * the alias (`#/lib/auth/session`) keep doing so. Defaults to `module` itself.
   */
  specifierFor?: (sourceFile: ts.SourceFile, module: string) => string
}

/**
 * Appends the declarations a file lacks at its end, and imports what they need: existing
 * imports of a module are extended, never duplicated; names the file already binds are not
 * imported again. Every byte of the existing text stays where it was. `data.added` names the
 * declarations appended, in order; one that builds on a declaration the file lacks is refused.
 *
 * @example runTransform(text, 'src/lib/auth/guards.ts', appendDeclarations, { declarations, style }, { style })
 */
export const appendDeclarations: Transform<AppendOptions, { added: string[] }> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const bound = boundNames(sourceFile)
  const missing: Declaration[] = []
  for (const declaration of options.declarations) {
    const declared = bound.values.has(declaration.name) || bound.types.has(declaration.name)
    if (!declared && !missing.some((other) => other.name === declaration.name)) missing.push(declaration)
  }
  if (missing.length === 0) return { edits: [], data: { added: [] } }

  const adding = new Set(missing.map((declaration) => declaration.name))
  for (const declaration of missing) {
    const absent = (declaration.uses ?? []).filter(
      (name) => !bound.values.has(name) && !bound.types.has(name) && !adding.has(name),
    )
    if (absent.length > 0) {
      const them = absent.length === 1 ? 'it' : 'them'
      throw new Refusal(
        `${fileName} has no ${absent.map((name) => `\`${name}\``).join(', ')}: ` +
          `kit-auth builds \`${declaration.name}\` on ${them}.`,
        `Restore ${them} (see what \`kit-auth init\` generates), or add \`${declaration.name}\` by hand.`,
      )
    }
  }

  // Group wanted imports by the specifier this file uses, skipping names it already binds.
  const bindings = topLevelBindings(sourceFile)
  const wanted = new Map<string, string[]>()
  for (const declaration of missing) {
    for (const [module, names] of Object.entries(declaration.imports ?? {})) {
      const specifier = options.specifierFor?.(sourceFile, module) ?? module
      const list = wanted.get(specifier) ?? []
      for (const name of names) {
        if (adding.has(name) || list.includes(name)) continue
        const binding = bindings.get(name)
        const importedHere = binding?.kind === 'import' && binding.from === specifier && !binding.typeOnly
        if (bound.values.has(name) && !importedHere) continue
        list.push(name)
      }
      wanted.set(specifier, list)
    }
  }
  const edits: TextEdit[] = []
  for (const [from, names] of wanted)
    if (names.length > 0) edits.push(...addNamedImports(sourceFile, { from, names }, options.style))

  const code = missing.map((declaration) => declaration.code.replace(/\n*$/, '\n')).join('\n')
  // one blank line between the file's last line and the code, whatever its line endings
  const ending = /(?:\r?\n)*$/.exec(text)![0]
  const breaks = ending.split('\n').length - 1
  const lead = text === '' ? '' : '\n'.repeat(Math.max(0, 2 - breaks))
  edits.push({ start: text.length, end: text.length, text: lead + code })
  return { edits, data: { added: missing.map((declaration) => declaration.name) } }
}
