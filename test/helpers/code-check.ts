/**
 * Static checks on files kit-auth wrote into an app, without installing anything: every file
 * parses, and every import that points into the app resolves to a real file through the app's
 * own TypeScript configuration (tsconfig `paths` through `extends` and `references`, package.json
 * `imports`, relative paths), the way `tsc` in that app would resolve it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { parse as parseYaml } from 'yaml'

export interface ImportFound {
  file: string
  specifier: string
  /** Absolute path it resolves to, or null. */
  resolved: string | null
}

/** Module specifiers of imports, re-exports and `import()` calls in a TS/TSX source text. */
export function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.ES2022,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text)
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      found.push(node.arguments[0].text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Syntax errors of a file kit-auth wrote, by its kind: TS/TSX, JSON(C), YAML; empty when it parses. */
export function syntaxErrors(file: string, text: string): string[] {
  if (/\.[cm]?tsx?$/.test(file)) {
    const { diagnostics = [] } = ts.transpileModule(text, {
      // transpileModule emits nothing for a declaration file (a Debug Failure): parse env.d.ts as a module
      fileName: file.replace(/\.d\.([cm]?ts)$/, '.$1'),
      reportDiagnostics: true,
      compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  }
  if (path.basename(file) === 'package.json') {
    try {
      JSON.parse(text)
      return []
    } catch (error) {
      return [String(error)]
    }
  }
  if (file.endsWith('.json')) {
    const { error } = ts.parseConfigFileTextToJson(file, text)
    return error ? [ts.flattenDiagnosticMessageText(error.messageText, '\n')] : []
  }
  if (/\.ya?ml$/.test(file)) {
    try {
      parseYaml(text)
      return []
    } catch (error) {
      return [String(error)]
    }
  }
  return []
}

/**
 * Resolves imports in the app at `appDir` the way its tsconfig does. A solution-style tsconfig
 * (`files: []` + `references`) is followed to the referenced project that includes the file.
 */
export function appResolver(appDir: string): (file: string, specifier: string) => string | null {
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} }
  const projects: ts.ParsedCommandLine[] = []
  const load = (configPath: string, seen: Set<string>) => {
    if (seen.has(configPath) || !existsSync(configPath)) return
    seen.add(configPath)
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host)
    if (!parsed) return
    projects.push(parsed)
    for (const reference of parsed.projectReferences ?? []) {
      const target = reference.path.endsWith('.json') ? reference.path : path.join(reference.path, 'tsconfig.json')
      load(target, seen)
    }
  }
  load(path.join(appDir, 'tsconfig.json'), new Set())
  const fallback: ts.CompilerOptions = {
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
  }
  return (file, specifier) => {
    const absolute = path.resolve(appDir, file)
    const project =
      projects.find((candidate) => candidate.fileNames.some((name) => path.resolve(name) === absolute)) ?? projects[0]
    const options = project?.options ?? fallback
    const { resolvedModule } = ts.resolveModuleName(specifier, absolute, options, ts.sys)
    return resolvedModule?.resolvedFileName ?? null
  }
}

/** Whether a specifier names something inside the app (relative, `#...`, or a tsconfig `paths` / well-known alias prefix) rather than a package. */
export function isLocalSpecifier(specifier: string, aliasPrefixes: string[]): boolean {
  return (
    specifier.startsWith('.') ||
    specifier.startsWith('#') ||
    aliasPrefixes.some((prefix) => specifier.startsWith(prefix))
  )
}

/** The `paths` keys of every tsconfig the app uses, as prefixes (`@/*` -> `@/`), plus `~/` and `@/`. */
export function aliasPrefixesOf(appDir: string): string[] {
  const prefixes = new Set(['~/', '@/'])
  const visit = (configPath: string, seen: Set<string>) => {
    if (seen.has(configPath) || !existsSync(configPath)) return
    seen.add(configPath)
    const { config } = ts.parseConfigFileTextToJson(configPath, readFileSync(configPath, 'utf8')) as {
      config?: Record<string, any>
    }
    for (const key of Object.keys(config?.compilerOptions?.paths ?? {})) prefixes.add(key.replace(/\*$/, ''))
    const extendsList: string[] = [config?.extends ?? []].flat()
    for (const parent of extendsList)
      if (parent.startsWith('.'))
        visit(path.resolve(path.dirname(configPath), parent.endsWith('.json') ? parent : `${parent}.json`), seen)
    for (const reference of config?.references ?? []) {
      const target = path.resolve(path.dirname(configPath), reference.path)
      visit(target.endsWith('.json') ? target : path.join(target, 'tsconfig.json'), seen)
    }
  }
  visit(path.join(appDir, 'tsconfig.json'), new Set())
  return [...prefixes].filter(Boolean)
}

/**
 * Checks the written files of an app (paths relative to appDir, contents given): returns the
 * syntax errors and the app-local imports, each with what it resolved to.
 */
export function checkWrittenCode(
  appDir: string,
  contents: Record<string, string>,
): { errors: string[]; imports: ImportFound[] } {
  const resolve = appResolver(appDir)
  const prefixes = aliasPrefixesOf(appDir)
  const errors: string[] = []
  const imports: ImportFound[] = []
  for (const [file, text] of Object.entries(contents)) {
    for (const error of syntaxErrors(file, text)) errors.push(`${file}: ${error}`)
    if (!/\.[cm]?tsx?$/.test(file)) continue
    for (const specifier of importsOf(file, text)) {
      if (!isLocalSpecifier(specifier, prefixes)) continue
      imports.push({ file, specifier, resolved: resolve(file, specifier) })
    }
  }
  return { errors, imports }
}
