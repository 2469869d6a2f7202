import { fileURLToPath } from 'node:url'
import ts from '../../../lib/typescript.js'
import { expect } from 'vitest'
import { parse } from '../../../src/codemods/js/parse.js'
import { addExportAll, type AddExportAllOptions } from '../../../src/codemods/module/add-export-all.js'
import { describeCases } from '../harness.js'

const FILE = 'src/db/schema.ts'

/** The modules the file re-exports everything from (`export * from`). */
function exportedAll(text: string): string[] {
  return parse(text, FILE)
    .statements.filter(ts.isExportDeclaration)
    .filter((statement) => !statement.exportClause && !statement.isTypeOnly && statement.moduleSpecifier)
    .map((statement) => (statement.moduleSpecifier as ts.StringLiteral).text)
}

describeCases('addExportAll cases', {
  dir: fileURLToPath(new URL('./add-export-all/', import.meta.url)),
  fileName: FILE,
  transform: addExportAll,
  options: (json): AddExportAllOptions => ({
    from: './auth-schema',
    style: (json.style as AddExportAllOptions['style'] | undefined) ?? { quote: 'single', semicolons: false },
  }),
  check(output, { input }) {
    const before = exportedAll(input)
    const after = exportedAll(output)
    // exactly one re-export of the module, added to the ones there were
    expect(after.filter((from) => from.replace(/\.ts$/, '') === './auth-schema')).toHaveLength(1)
    expect(after.filter((from) => !before.includes(from))).toEqual(
      before.some((from) => from.replace(/\.ts$/, '') === './auth-schema') ? [] : ['./auth-schema'],
    )
  },
})
