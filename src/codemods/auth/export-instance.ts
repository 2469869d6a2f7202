import ts from '../../../lib/typescript.js'
import type { Transform } from '../transform.js'
import { instanceOf, refuseInstance, type InstanceOptions } from './find-instance.js'

/**
 * Exports the module-level `const` that holds an app's Better Auth instance (`const auth =
 * betterAuth(...)` -> `export const auth = ...`), so kit-auth's generated files can import it.
 * An instance that is not a module-level `const` is refused.
 *
 * @example runTransform(text, 'src/lib/auth.ts', exportInstance, {}).changes // ['export auth']
 */
export const exportInstance: Transform<InstanceOptions> = (file, options) => {
  const { declaration } = instanceOf(file, options)
  const statement = declaration?.parent.parent
  if (!declaration || !statement || !ts.isVariableStatement(statement) || statement.parent !== file.sourceFile) {
    throw refuseInstance(
      file.fileName,
      'the instance is not a module-level `const`',
      'Export it: `export const auth = betterAuth({ ... })`',
      options,
    )
  }
  if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return { edits: [] }
  const at = statement.getStart(file.sourceFile)
  return {
    edits: [{ start: at, end: at, text: 'export ' }],
    changes: [`export ${declaration.name.getText(file.sourceFile)}`],
  }
}
