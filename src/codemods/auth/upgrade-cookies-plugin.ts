import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import { walk } from '../js/parse.js'
import { commaAfter } from '../js/trivia.js'
import type { Transform } from '../transform.js'

/** better-auth 1.3's cookies plugin and where it came from; 1.4 renamed and moved it. */
const OLD = { name: 'reactStartCookies', from: 'better-auth/react-start' }
const NEW = { name: 'tanstackStartCookies', from: 'better-auth/tanstack-start' }

/** The import of `reactStartCookies` from better-auth/react-start, if the file has one. */
function oldImport(sourceFile: ts.SourceFile) {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    if (statement.moduleSpecifier.text !== OLD.from || statement.importClause?.isTypeOnly) continue
    const bindings = statement.importClause?.namedBindings
    if (!bindings || !ts.isNamedImports(bindings)) continue
    const element = bindings.elements.find((item) => (item.propertyName ?? item.name).text === OLD.name)
    if (element) return { statement, bindings, element }
  }
  return undefined
}

/** True when `node` is a name that is not a reference: `x.reactStartCookies`, `{ reactStartCookies: 1 }`. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent
  return (
    ((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) &&
      parent.name === node) ||
    (ts.isImportSpecifier(parent) && parent.propertyName === node)
  )
}

/**
 * Moves an instance written for better-auth 1.3 to the cookies plugin 1.4 renamed:
 * `import { reactStartCookies } from 'better-auth/react-start'` becomes
 * `import { tanstackStartCookies } from 'better-auth/tanstack-start'`, and its calls follow (an
 * aliased import keeps its local name). A file without that import is left alone.
 *
 * @example runTransform(text, 'src/lib/auth.ts', upgradeCookiesPlugin, {})
 *   // reactStartCookies() -> tanstackStartCookies()
 */
export const upgradeCookiesPlugin: Transform<object> = (file) => {
  const { text, sourceFile } = file
  const found = oldImport(sourceFile)
  if (!found) return { edits: [] }
  const { statement, bindings, element } = found
  const edits: TextEdit[] = []
  const local = element.name.text
  const aliased = element.propertyName !== undefined
  // The file may already import the new plugin (a half-done upgrade): then only the old import goes.
  const present = sourceFile.statements.some(
    (other) =>
      ts.isImportDeclaration(other) &&
      ts.isStringLiteral(other.moduleSpecifier) &&
      other.moduleSpecifier.text === NEW.from &&
      other.importClause?.namedBindings &&
      ts.isNamedImports(other.importClause.namedBindings) &&
      other.importClause.namedBindings.elements.some((item) => item.name.text === NEW.name && !item.propertyName),
  )
  const alone = bindings.elements.length === 1 && !statement.importClause?.name
  if (present || !alone) {
    // Only this specifier goes: with its comma, or the whole line when it was the only one.
    if (alone) {
      const end = statement.end + (/^\r?\n/.exec(text.slice(statement.end))?.[0].length ?? 0)
      edits.push({ start: statement.getStart(), end, text: '' })
    } else {
      const comma = commaAfter(text, element)
      const index = bindings.elements.indexOf(element)
      const next = bindings.elements[index + 1]
      edits.push(
        next
          ? { start: element.getStart(), end: next.getStart(), text: '' }
          : { start: bindings.elements[index - 1]!.end, end: comma >= 0 ? comma + 1 : element.end, text: '' },
      )
    }
    if (!present) {
      const quote = text[statement.moduleSpecifier.getStart()] ?? "'"
      const semicolon = text[statement.end - 1] === ';' ? ';' : ''
      const clause = aliased ? `${NEW.name} as ${local}` : NEW.name
      edits.push({
        start: statement.end,
        end: statement.end,
        text: `\nimport { ${clause} } from ${quote}${NEW.from}${quote}${semicolon}`,
      })
    }
  } else {
    const specifier = statement.moduleSpecifier
    edits.push({ start: specifier.getStart() + 1, end: specifier.getEnd() - 1, text: NEW.from })
    const imported = element.propertyName ?? element.name
    edits.push({ start: imported.getStart(), end: imported.getEnd(), text: NEW.name })
  }
  // Calls and other uses follow the new name, unless an alias keeps the local one.
  if (!aliased) {
    for (const node of walk(sourceFile)) {
      if (!ts.isIdentifier(node) || node.text !== local || node === element.name || isMemberName(node)) continue
      const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
      edits.push({ start: node.getStart(), end: node.getEnd(), text: shorthand ? `${local}: ${NEW.name}` : NEW.name })
    }
  }
  return {
    edits,
    changes: [`${OLD.name} (${OLD.from}) -> ${NEW.name} (${NEW.from})`],
  }
}
