import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { ts } from 'ts-morph'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'

export const LIB = 'src/lib/auth'

/** A temp copy of fixtures/default-npm after `init --yes --no-install <args>` (sources only). */
export function initApp(args: string[] = []): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-add-guard-'))
  cpSync(path.join(FIXTURES_DIR, 'default-npm'), root, { recursive: true })
  const result = runCli(['init', '--yes', '--no-install', ...args, '--cwd', root])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

/** A fresh temp copy of an app folder. */
export function copyApp(source: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-add-guard-'))
  cpSync(source, root, { recursive: true })
  return root
}

export function addGuard(app: string, args: string[]): CliResult {
  return runCli(['add-guard', ...args, '--no-install', '--cwd', app])
}

export interface Document {
  ok: boolean
  dryRun: boolean
  nothingToDo?: boolean
  changes: { path: string; action: string }[]
  added?: string[]
  error?: { message: string; hint: string }
}

export function documentOf(result: CliResult): Document {
  return JSON.parse(result.stdout) as Document
}

export function read(app: string, file: string): string {
  return readFileSync(path.join(app, file), 'utf8')
}

export function write(app: string, file: string, text: string): void {
  writeFileSync(path.join(app, file), text)
}

/** A unified diff (no header noise) of what a run did to one file. */
export function diffOf(file: string, before: string | undefined, after: string): string {
  return createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a/${file}`,
    `b/${file}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context: 3 },
  ).replace(/^=+\n/m, '')
}

export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
}

/** Syntax errors of a TypeScript text (empty when it parses). */
export function syntaxErrors(file: string, text: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.ReactJSX },
  })
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}

/** How many top-level declarations (function, const, class) bind `name`. */
export function declarationCount(text: string, name: string): number {
  let count = 0
  for (const statement of parse('x.ts', text).statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name)
      count++
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) count++
    }
  }
  return count
}

/** Every local name bound by an import, with repeats (a repeat is a duplicated specifier). */
export function importedNames(text: string): string[] {
  const names: string[] = []
  for (const statement of parse('x.ts', text).statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue
    const clause = statement.importClause
    if (clause.name) names.push(clause.name.text)
    const bindings = clause.namedBindings
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text)
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((element) => element.name.text))
  }
  return names
}

/** Module specifiers imported, with repeats. */
export function importedModules(text: string): string[] {
  // a type-only import beside a value import of the same module is one of each (`import type` style)
  return parse('x.ts', text)
    .statements.filter(ts.isImportDeclaration)
    .map(
      (statement) =>
        `${statement.importClause?.isTypeOnly ? 'type ' : ''}${(statement.moduleSpecifier as ts.StringLiteral).text}`,
    )
}

/** The text after the last import declaration: what add-guard may only append to. */
export function body(text: string): string {
  const imports = parse('x.ts', text).statements.filter(ts.isImportDeclaration)
  return text.slice(imports.at(-1)?.end ?? 0)
}
