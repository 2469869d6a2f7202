import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { importedNames } from '../../../src/codemods/js/bindings.js'
import {
  calleeName,
  declarationOf,
  enclosingFactory,
  findCall,
  findCalls,
  topLevelStatementOf,
} from '../../../src/codemods/js/calls.js'
import { parse } from '../../../src/codemods/js/parse.js'

describe('findCall and findCalls', () => {
  const text = [
    'const a = outer(inner(1), inner(2))',
    'const b = obj.inner(3)',
    'function later() {',
    '  return inner(4)',
    '}',
  ].join('\n')
  const sourceFile = parse(text, 'a.ts')

  it('find calls of the named identifiers, in source order, nested ones and ones in functions too', () => {
    expect(findCalls(sourceFile, new Set(['inner'])).map((call) => call.getText())).toEqual([
      'inner(1)',
      'inner(2)',
      'inner(4)',
    ])
    expect(findCall(sourceFile, new Set(['inner', 'outer']))?.getText()).toBe('outer(inner(1), inner(2))')
  })

  it('ignore method calls and names not asked for', () => {
    expect(findCalls(sourceFile, new Set(['obj']))).toEqual([])
    expect(findCall(sourceFile, new Set(['missing']))).toBeUndefined()
  })
})

describe('declarationOf', () => {
  it('is the variable a call initializes, also through satisfies and as', () => {
    for (const text of [
      'export const auth = betterAuth({})',
      'export const auth = betterAuth({}) satisfies Auth',
      'export const auth = (betterAuth({}) as Auth)',
    ]) {
      const call = findCall(parse(text, 'a.ts'), new Set(['betterAuth']))!
      expect(declarationOf(call)?.name.getText()).toBe('auth')
    }
  })

  it('is null when the call is not what a variable holds', () => {
    const sourceFile = parse('export default betterAuth({})\nconst x = wrap(betterAuth({}))', 'a.ts')
    for (const call of findCalls(sourceFile, new Set(['betterAuth']))) expect(declarationOf(call)).toBeNull()
  })
})

describe('calleeName', () => {
  const sourceFile = parse(
    [
      "import { admin as adminPlugin } from 'better-auth/plugins'",
      "import * as plugins from 'better-auth/plugins'",
      'const list = [adminPlugin(), plugins.organization(), local(), (apiKey() as Plugin), value, factory()()]',
    ].join('\n'),
    'auth.ts',
  )
  const imports = importedNames(sourceFile)
  const statement = sourceFile.statements[2] as ts.VariableStatement
  const list = statement.declarationList.declarations[0]!.initializer as ts.ArrayLiteralExpression

  it('names the function called as imported, through aliases, namespaces and wrappers', () => {
    expect(list.elements.map((element) => calleeName(element, imports))).toEqual([
      'admin',
      'organization',
      'local',
      'apiKey',
      null,
      null,
    ])
  })
})

describe('topLevelStatementOf', () => {
  it('is the statement of the file that holds a node', () => {
    const sourceFile = parse('const a = 1\nexport function f() {\n  return g(a)\n}', 'a.ts')
    const call = findCall(sourceFile, new Set(['g']))!
    expect(topLevelStatementOf(call)).toBe(sourceFile.statements[1])
    expect(topLevelStatementOf(sourceFile.statements[0]!)).toBe(sourceFile.statements[0])
  })
})

describe('enclosingFactory', () => {
  const factoryOf = (code: string) => {
    const call = findCall(parse(code, 'a.ts'), new Set(['make']))
    if (!call) throw new Error('no make() call')
    return enclosingFactory(call)
  }

  it('finds the module-level function that returns the value, and its required and optional parameters', () => {
    expect(factoryOf('export const createAuth = (env: Env) => make(env)')).toEqual({ name: 'createAuth', required: 1 })
    expect(factoryOf('export function getAuth(db: D1, options = {}) {\n  return make(db)\n}')).toEqual({
      name: 'getAuth',
      required: 1,
      optional: 1,
    })
    expect(factoryOf('const f = function (a?: string, ...rest: string[]) { return make() }')).toEqual({
      name: 'f',
      required: 0,
      optional: 2,
    })
  })

  it('sees through a wrapper called like the function, a memo and wrappers of the value', () => {
    expect(factoryOf('export const getAuth = createServerOnlyFn(() =>\n  make({}),\n)')).toEqual({
      name: 'getAuth',
      required: 0,
    })
    expect(factoryOf('let cached\nexport function getAuth() {\n  return (cached ??= make())\n}')).toEqual({
      name: 'getAuth',
      required: 0,
    })
    expect(factoryOf('export const getAuth = () => (make() satisfies Auth)')).toEqual({ name: 'getAuth', required: 0 })
  })

  it('is null for a value made at module level, in a nested function, or passed on', () => {
    expect(factoryOf('export const auth = make()')).toBeNull()
    expect(factoryOf('export function outer() {\n  return () => make()\n}')).toBeNull()
    expect(factoryOf('export function setup() {\n  register(make())\n}')).toBeNull()
  })
})
