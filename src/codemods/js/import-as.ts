import type ts from '../../../lib/typescript.js'
import { declaredAround, topLevelBindings, type Binding } from './bindings.js'
import type { TextEdit } from './edits.js'
import { addNamedImports, type ImportStyle, type NamedImport } from './imports.js'

/** Whether two module specifiers name the same module, as far as the caller can tell without the disk. */
export type SameModule = (a: string, b: string) => boolean

/** A wanted name the file already binds to something else, and how. */
export interface ForeignBinding {
  name: string
  binding: Binding
  /** True for a local of a scope around the insertion point rather than a top-level name. */
  local?: boolean
}

const LOCAL: Binding = { kind: 'declaration', imported: '', typeOnly: false }

/**
 * The wanted names the file binds to something other than that export of `wanted.from` (a
 * declaration of its own, another export, a type-only import, or the same name from a module
 * `same` does not equate with `wanted.from`), or, given `at` (where the code that uses them goes), a local
 * of a scope around it (`const admin = ...` in the factory around betterAuth({...})). Code that calls them
 * would call the file's thing.
 *
 * @example foreignBindings(parse("import { send } from './mailer'", 'a.ts'), { from: '#/x', names: ['send'] })
 *   // [{ name: 'send', binding: { kind: 'import', from: './mailer', imported: 'send', typeOnly: false } }]
 */
export function foreignBindings(
  sourceFile: ts.SourceFile,
  wanted: NamedImport,
  same: SameModule = (a, b) => a === b,
  at?: ts.Node,
): ForeignBinding[] {
  const bound = topLevelBindings(sourceFile)
  return wanted.names.flatMap((name) => {
    if (at && declaredAround(at, name)) return [{ name, binding: LOCAL, local: true }]
    const binding = bound.get(name)
    if (!binding) return []
    const ours = binding.kind === 'import' && !binding.typeOnly && binding.imported === name
    return ours && same(binding.from ?? '', wanted.from) ? [] : [{ name, binding }]
  })
}

/**
 * Imports each wanted name from `wanted.from` and says under which local name: the one an
 * existing value import of that export already gives, else its own name when the file does not
 * bind it, else `alias(name)` (numbered when that is taken too). Never binds to the file's own thing, nor,
 * given `at` (where the code that uses them goes), to a local of a scope around it.
 *
 * @example importAs(sourceFile, { from: '#/lib/auth/email', names: ['sendEmail'] }, style, kitAuthAlias)
 *   // { edits: [...], local: { sendEmail: 'kitAuthSendEmail' } } when the file has its own sendEmail
 */
export function importAs(
  sourceFile: ts.SourceFile,
  wanted: NamedImport,
  style: ImportStyle,
  alias: (name: string) => string,
  at?: ts.Node,
): { edits: TextEdit[]; local: Record<string, string> } {
  const bound = topLevelBindings(sourceFile)
  const local: Record<string, string> = {}
  const names: string[] = []
  const shadowed = (name: string) => at !== undefined && declaredAround(at, name)
  const taken = (name: string) => bound.has(name) || shadowed(name) || Object.values(local).includes(name)
  for (const name of wanted.names) {
    const existing = [...bound].find(
      ([, binding]) =>
        binding.kind === 'import' && !binding.typeOnly && binding.from === wanted.from && binding.imported === name,
    )
    if (existing && !shadowed(existing[0])) {
      local[name] = existing[0]
      continue
    }
    let candidate = taken(name) ? alias(name) : name
    for (let n = 2; candidate !== name && taken(candidate); n++) candidate = `${alias(name)}${n}`
    local[name] = candidate
    names.push(candidate === name ? name : `${name} as ${candidate}`)
  }
  return { edits: addNamedImports(sourceFile, { from: wanted.from, names }, style), local }
}
