// Part of `npm run build` (scripts/vendor-typescript.mjs): drops from TypeScript's bundle the top-level
// statements kit-auth can never reach. kit-auth only parses (createSourceFile, the node tests and
// walkers, a few helpers): the checker, emitter, program, language service and server are 80% of the
// bundle, and reading, compiling and running them cost every command ~100 ms.
//
// The bundle is one function (`var ts = {}; ((module) => { ... })(...)`) whose body declares everything
// at its top level, then lists the API in `__export(typescript_exports, { name: () => local, ... })`.
// A statement is kept when
// - it declares a name that kept code refers to (starting from the API names asked for), or
// - running it changes something kept (`Debug.setAssertionLevel(...)`, `setObjectAllocator(...)`,
//   `valuesOf...Properties.Script_Extensions = ...`), or anything outside the bundle (a global).
// Namespace objects (`__export(ts_JsDoc_exports, {...})`) keep only the members read as `ns.member`,
// unless the object itself is used. No code is rewritten: kept statements are copied as they are, and
// only the export lists shrink. What "changes" means is a syntactic over-approximation (below).
import ts from '@ts-morph/common/dist/typescript.js'

/** Methods that change the collection they are called on. */
const MUTATORS = new Set([
  'set',
  'add',
  'push',
  'delete',
  'clear',
  'unshift',
  'splice',
  'pop',
  'shift',
  'sort',
  'reverse',
])
/** The bundle's helpers that define properties on their first argument. */
const WRITE_HELPERS = new Set(['__export', '__reExport', '__copyProps'])
const OBJECT_WRITERS = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf'])
/** A write to a name the bundle never declares (process, globalThis...): always kept. */
const GLOBAL = '\0global'
/**
 * Shared state whose changes never change what parsing returns, so a statement that only changes
 * these is not kept for it: ids handed out lazily to nodes and symbols (read by the binder and
 * checker), and the performance counters (off unless enabled).
 */
const BENIGN = new Set(['nextNodeId', 'nextSymbolId', 'nextMergeId', 'nextFlowId', 'counts', 'marks', 'durations'])

const unwrap = (node) => (ts.isParenthesizedExpression(node) ? unwrap(node.expression) : node)
const isFunctionNode = (node) =>
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isConstructorDeclaration(node)
const isAssignment = (node) =>
  ts.isBinaryExpression(node) &&
  node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
  node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
/** The call `node` is an argument of, through parentheses, or null. */
function callTakingArgument(node) {
  let child = node
  let parent = node.parent
  while (ts.isParenthesizedExpression(parent)) [child, parent] = [parent, parent.parent]
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child)
    ? parent
    : null
}
/** A nested function runs with its parent when it is called at once (an IIFE) or handed to a call. */
function runsWithParent(fn) {
  let parent = fn.parent
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent
  return (ts.isCallExpression(parent) && unwrap(parent.expression) === fn) || callTakingArgument(fn) !== null
}
/** `x` for `x`, `x.a.b`, `x[i]`, `(x)!`. */
function baseName(expression) {
  let e = expression
  while (
    ts.isPropertyAccessExpression(e) ||
    ts.isElementAccessExpression(e) ||
    ts.isParenthesizedExpression(e) ||
    ts.isNonNullExpression(e)
  )
    e = e.expression
  return ts.isIdentifier(e) ? e.text : null
}
/** Identifiers that name rather than refer: `a.name`, `{ name: 1 }`, declarations' own names, labels. */
function isNameOnly(node) {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node
  if (ts.isBindingElement(parent)) return parent.propertyName === node
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true
  return (
    (ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent)) &&
    parent.name === node
  )
}
/** `__export(target, { name: () => local, ... })`: the target and its members (name -> local). */
function exportList(statement) {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return null
  const [target, list] = statement.expression.arguments
  if (!ts.isIdentifier(statement.expression.expression) || statement.expression.expression.text !== '__export')
    return null
  if (!target || !ts.isIdentifier(target) || !list || !ts.isObjectLiteralExpression(list)) return null
  return { target: target.text, members: new Map(list.properties.map((p) => [p.name.text, p.initializer.body.text])) }
}

/**
 * The bundle's text with only what `apiNames` (names of `ts.<name>` the caller uses; others are
 * ignored) need.
 */
export function shakeTypeScript(source, apiNames) {
  const file = ts.createSourceFile('typescript.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const wrapper = file.statements.find((s) => ts.isExpressionStatement(s) && ts.isCallExpression(s.expression))
  const body = unwrap(wrapper?.expression.expression ?? file).body
  if (!body || !ts.isBlock(body)) throw new Error('not the bundle shape this script knows: (module) => { ... }')
  const all = body.statements
  const api = all.find((s) => exportList(s)?.target === 'typescript_exports')
  if (!api) throw new Error('no __export(typescript_exports, { ... }) in the bundle')
  const apiLocals = exportList(api).members
  // `0 && (module.exports = { ... })` only names the exports for Node's CommonJS lexer: never runs
  const lexerHint = (s) =>
    ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.left.getText() === '0'
  const statements = all.filter((s) => s !== api && !lexerHint(s))

  // (the wrapper's own `module` parameter is outside: writing it is writing a global)
  const declaredAnywhere = new Set()
  ;(function visit(node) {
    if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) &&
      ts.isIdentifier(node.name)
    )
      declaredAnywhere.add(node.name.text)
    else if ((isFunctionNode(node) || ts.isClassLike(node)) && node.name && ts.isIdentifier(node.name))
      declaredAnywhere.add(node.name.text)
    ts.forEachChild(node, visit)
  })(body)
  const topLevel = new Map() // name -> index in statements
  const declares = statements.map((statement, index) => {
    const names = []
    const collect = (name) => {
      if (ts.isIdentifier(name)) names.push(name.text)
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name)
    }
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
      collect(statement.name)
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) collect(d.name)
    for (const name of names) topLevel.set(name, index)
    return names
  })
  const namespaces = new Map() // target -> { index, members, kept, all }
  statements.forEach((statement, index) => {
    const list = exportList(statement)
    if (list) namespaces.set(list.target, { index, members: list.members, kept: new Set(), all: false })
  })
  const exportStatements = new Set([...namespaces.values()].map((namespace) => namespace.index))
  const targetOf = (name) =>
    name === null ? null : topLevel.has(name) ? name : declaredAnywhere.has(name) ? null : GLOBAL
  /** `ns.member` for a namespace member read (not written), else null. */
  const memberRead = (node) => {
    const parent = node.parent
    if (!namespaces.has(node.text) || !ts.isPropertyAccessExpression(parent) || parent.expression !== node) return null
    if (isAssignment(parent.parent) && parent.parent.left === parent) return null
    return namespaces.get(node.text).members.has(parent.name.text) ? `${node.text}.${parent.name.text}` : null
  }

  /**
   * What `root` refers to (anywhere in it), and what it writes and calls while it runs: nested functions
   * run only when called at once or handed to a call, unless `everything`. While a top-level statement
   * runs, a method call on one of the bundle's objects, or handing it to a call, counts as a write to it.
   */
  const effects = (root, { runs, everything, statementLevel }) => {
    const refs = new Set()
    const writes = new Set()
    const called = new Set()
    let unknownCall = false
    const write = (expression) => {
      const target = targetOf(baseName(expression))
      if (target) writes.add(target)
    }
    const visit = (node, running) => {
      if (node !== root && !everything && (ts.isClassLike(node) || (isFunctionNode(node) && !runsWithParent(node))))
        running = false
      if (ts.isIdentifier(node) && !isNameOnly(node) && topLevel.has(node.text)) {
        refs.add(memberRead(node) ?? node.text)
        // handed to a call: a function may run; while a top-level statement runs, an object may be
        // changed (`((Debug2) => { Debug2.level = 0 })(Debug)`)
        if (running && callTakingArgument(node)) {
          called.add(node.text)
          if (statementLevel) writes.add(node.text)
        }
      }
      if (running) {
        if (isAssignment(node)) write(node.left)
        if (
          (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
          (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
        )
          write(node.operand)
        if (ts.isDeleteExpression(node)) write(node.expression)
        if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
          const callee = unwrap(ts.isTaggedTemplateExpression(node) ? node.tag : node.expression)
          const args = ts.isTaggedTemplateExpression(node) ? [] : (node.arguments ?? [])
          if (ts.isPropertyAccessExpression(callee)) {
            const target = targetOf(baseName(callee.expression))
            if (target && (MUTATORS.has(callee.name.text) || (statementLevel && target !== GLOBAL)))
              write(callee.expression)
            if (baseName(callee.expression) === 'Object' && OBJECT_WRITERS.has(callee.name.text) && args[0])
              write(args[0])
          } else if (ts.isIdentifier(callee)) {
            if (WRITE_HELPERS.has(callee.text) && args[0]) write(args[0])
            if (topLevel.has(callee.text)) called.add(callee.text)
            else if (declaredAnywhere.has(callee.text)) unknownCall = true // a parameter, an inner function
          } else {
            // a computed callee: whatever it refers to may run
            ;(function each(n) {
              if (ts.isIdentifier(n) && topLevel.has(n.text)) called.add(n.text)
              ts.forEachChild(n, each)
            })(callee)
            unknownCall = true
          }
        }
      }
      ts.forEachChild(node, (child) => visit(child, running))
    }
    visit(root, runs)
    return { refs, writes, called, unknownCall }
  }
  /** `effects`, where calling something local may run any function nested in `root`. */
  const runEffects = (root, runs, statementLevel) => {
    const result = effects(root, { runs, everything: false, statementLevel })
    if (!result.unknownCall) return result
    const more = effects(root, { runs, everything: true, statementLevel: false })
    return {
      ...result,
      writes: new Set([...result.writes, ...more.writes]),
      called: new Set([...result.called, ...more.called]),
    }
  }

  const info = statements.map((statement, index) =>
    exportStatements.has(index)
      ? { refs: new Set(), writes: new Set(), called: new Set() }
      : runEffects(statement, !ts.isFunctionDeclaration(statement), true),
  )
  // what calling a top-level function or class may write, through what it calls
  const runWrites = new Map()
  const runCalls = new Map()
  for (const [name, index] of topLevel) {
    const statement = statements[index]
    let fn = ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) ? statement : null
    if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      )
      const init = declaration?.initializer && unwrap(declaration.initializer)
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init))) fn = init
    }
    const result = fn ? runEffects(fn, true, false) : { writes: new Set(), called: new Set() }
    runWrites.set(name, new Set(result.writes))
    runCalls.set(name, result.called)
  }
  for (let changed = true; changed;) {
    changed = false
    for (const [name, writes] of runWrites) {
      const before = writes.size
      for (const callee of runCalls.get(name)) if (callee !== name) for (const w of runWrites.get(callee)) writes.add(w)
      changed ||= writes.size !== before
    }
  }
  const statementWrites = info.map(({ writes, called }) => {
    const all = new Set(writes)
    for (const name of called) for (const w of runWrites.get(name) ?? []) all.add(w)
    for (const name of BENIGN) all.delete(name)
    return all
  })

  // keep from the API names, then whatever writes what is kept, until nothing changes
  const kept = new Set()
  const keptNames = new Set()
  const pending = []
  const keepStatement = (index) => {
    if (kept.has(index)) return
    kept.add(index)
    pending.push(index)
  }
  const keepName = (name, asNamespace = true) => {
    const dot = name.indexOf('.')
    if (dot !== -1) {
      const namespace = namespaces.get(name.slice(0, dot))
      const member = name.slice(dot + 1)
      keepName(name.slice(0, dot), false)
      keepStatement(namespace.index)
      if (!namespace.kept.has(member)) {
        namespace.kept.add(member)
        keepName(namespace.members.get(member))
      }
      return
    }
    const namespace = namespaces.get(name)
    if (namespace && asNamespace && !namespace.all) {
      namespace.all = true
      keepStatement(namespace.index)
      for (const [member, local] of namespace.members) {
        namespace.kept.add(member)
        keepName(local)
      }
    }
    if (keptNames.has(name)) return
    keptNames.add(name)
    keepStatement(topLevel.get(name))
  }
  // "use strict"
  for (let i = 0; ts.isExpressionStatement(statements[i]) && ts.isStringLiteral(statements[i].expression); i++)
    keepStatement(i)
  const exported = apiNames.filter((name) => apiLocals.has(name))
  for (const name of ['__export', '__toCommonJS', 'typescript_exports', ...exported.map((n) => apiLocals.get(n))])
    keepName(name)
  for (;;) {
    while (pending.length) for (const ref of info[pending.pop()].refs) keepName(ref)
    const writers = statements
      .map((_, index) => index)
      .filter((index) => !kept.has(index))
      .filter((index) =>
        [...statementWrites[index]].some((t) => t === GLOBAL || (keptNames.has(t) && !declares[index].includes(t))),
      )
    if (writers.length === 0) break
    for (const index of writers) {
      keepStatement(index)
      for (const name of declares[index]) keptNames.add(name)
    }
  }

  const listOf = (target, members) =>
    `\n__export(${target}, {\n${members.map(([name, local]) => `  ${name}: () => ${local}`).join(',\n')}\n});`
  const parts = [source.slice(0, all[0].getFullStart())]
  for (const statement of all) {
    const index = statements.indexOf(statement)
    const namespace = exportStatements.has(index) ? namespaces.get(exportList(statement).target) : null
    if (statement === api)
      parts.push(
        listOf(
          'typescript_exports',
          exported.map((name) => [name, apiLocals.get(name)]),
        ),
      )
    else if (namespace && kept.has(index) && !namespace.all)
      parts.push(
        listOf(
          exportList(statement).target,
          [...namespace.members].filter(([name]) => namespace.kept.has(name)),
        ),
      )
    else if (kept.has(index)) parts.push(statement.getFullText())
  }
  parts.push(source.slice(all.at(-1).getEnd()))
  return { text: parts.join(''), exported, statements: { kept: kept.size, of: statements.length } }
}
