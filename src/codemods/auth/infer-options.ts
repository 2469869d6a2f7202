import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import { unwrap } from '../js/unwrap.js'
import type { Transform } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'

/** How the report's change begins; `adopt-existing` tells it apart from what was added. */
export const MOVED_TYPE_ARGUMENT = 'type argument'

/**
 * Moves the explicit options type of the instance's call onto its options (`betterAuth<BetterAuthOptions>({...})`
 * -> `betterAuth({...} satisfies BetterAuthOptions)`). As a type argument it is what `typeof auth` is built from, so
 * the plugins and fields kit-auth adds (and the app's own) are invisible to every file that reads them through
 * `typeof auth` (`session.user.role`, `auth.api.getActiveMember`); `satisfies` checks the options against the same
 * type (and keeps its import used) while the instance's type is inferred from them. A `typeof` argument
 * (`betterAuth<typeof options>(options)`) follows the options and is kept; options that already satisfy the same
 * type only lose the argument.
 *
 * @example runTransform('betterAuth<O>({})', file, inferInstanceOptions, {}).text // 'betterAuth({} satisfies O)'
 */
export const inferInstanceOptions: Transform<InstanceOptions> = (file, options) => {
  const { call } = instanceOf(file, options)
  const types = call.typeArguments
  if (!types || types.length !== 1 || types.some((type) => ts.isTypeQueryNode(type))) return { edits: [] }
  const { text, sourceFile } = file
  const type = types[0]!.getText(sourceFile)
  const edits: TextEdit[] = [
    { start: text.lastIndexOf('<', types.pos), end: text.indexOf('>', types.end) + 1, text: '' },
  ]
  const [argument] = call.arguments
  const checked = argument && unwrap(argument) !== argument && argument.getText(sourceFile).endsWith(` ${type}`)
  if (argument && !checked) {
    const wrap = !ts.isObjectLiteralExpression(argument) && !ts.isIdentifier(argument)
    if (wrap) edits.push({ start: argument.getStart(sourceFile), end: argument.getStart(sourceFile), text: '(' })
    edits.push({ start: argument.end, end: argument.end, text: `${wrap ? ')' : ''} satisfies ${type}` })
  }
  return { edits, changes: [`${MOVED_TYPE_ARGUMENT} <${type}>`] }
}
