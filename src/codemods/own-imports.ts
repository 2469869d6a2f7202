import type ts from '../../lib/typescript.js'
import type { Binding } from './js/bindings.js'
import type { TextEdit } from './js/edits.js'
import { foreignBindings, type SameModule } from './js/import-as.js'
import { addMissingImports, type ImportStyle, type NamedImport } from './js/imports.js'
import { refuse } from './transform.js'

/** The npm package a specifier imports (`node:` dropped), or null for the app's modules (`./`, `#/`, `~/`, `@/`). */
function packageOf(specifier: string): string | null {
  if (/^[.#~]|^@\//.test(specifier)) return null
  const parts = specifier.replace(/^node:/, '').split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  // better-auth and its @better-auth/* packages export the same things from several homes
  return name === 'better-auth' || name.startsWith('@better-auth/') ? 'better-auth' : name
}

/** The same package (better-auth's own packages count as one), or the same specifier for the app's modules. */
export const samePackage: SameModule = (a, b) => a === b || (packageOf(a) !== null && packageOf(a) === packageOf(b))

/** Any two of the app's own modules may be the same file (paths are not resolved here); packages as above. */
export const appModule: SameModule = (a, b) => samePackage(a, b) || (packageOf(a) === null && packageOf(b) === null)

/** How a binding reads in a refusal: "its own `sendEmail`", "`sendEmail` from ./mailer". */
export function describeBinding(name: string, binding: Binding, local = false): string {
  if (local) return `a local \`${name}\` of the function around the place kit-auth writes to`
  if (binding.kind === 'declaration') return `its own \`${name}\``
  const what = binding.imported === name ? `\`${name}\`` : `\`${binding.imported}\` (as \`${name}\`)`
  return `${binding.typeOnly ? 'the type ' : ''}${what} from ${binding.from}`
}

/**
 * `addMissingImports`, refusing when a wanted name is already bound to something else in the
 * file, or is a local around `at` (where the code that uses it goes): the code kit-auth inserts would
 * silently call the app's thing instead of the import.
 *
 * @example edits.push(...importOrRefuse(sourceFile, { from: 'better-auth/plugins', names: ['admin'] }, style))
 */
export function importOrRefuse(
  sourceFile: ts.SourceFile,
  wanted: NamedImport,
  style: ImportStyle,
  { same = samePackage, at }: { same?: SameModule; at?: ts.Node } = {},
): TextEdit[] {
  const [foreign] = foreignBindings(sourceFile, wanted, same, at)
  if (foreign) {
    const { name, binding, local } = foreign
    throw refuse(
      sourceFile.fileName,
      `kit-auth's code calls \`${name}\` from ${wanted.from}, but this file already binds ` +
        `\`${name}\` to ${describeBinding(name, binding, local)}.`,
      `Rename yours (or import it under another name) so that \`${name}\` is free, then run the command again.`,
    )
  }
  return addMissingImports(sourceFile, wanted, style)
}
