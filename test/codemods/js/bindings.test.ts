import { describe, expect, it } from 'vitest'
import {
  boundNames,
  declarationAround,
  declaredAround,
  importedNames,
  isReferenced,
  localNamesOf,
  topLevelBindings,
} from '../../../src/codemods/js/bindings.js'
import { parse } from '../../../src/codemods/js/parse.js'
import ts from '../../../lib/typescript.js'

const IMPORTS = [
  "import React, * as All from 'react'",
  "import Default from './default'",
  "import { a as b, c, type T } from './named'",
  "import type { Only } from './types'",
  "import './side-effect.css'",
].join('\n')

describe('topLevelBindings', () => {
  it('binds every kind of import by its local name', () => {
    const names = topLevelBindings(parse(IMPORTS, 'a.ts'))
    expect(Object.fromEntries(names)).toEqual({
      React: { kind: 'import', from: 'react', imported: 'default', typeOnly: false },
      All: { kind: 'import', from: 'react', imported: '*', typeOnly: false },
      Default: { kind: 'import', from: './default', imported: 'default', typeOnly: false },
      b: { kind: 'import', from: './named', imported: 'a', typeOnly: false },
      c: { kind: 'import', from: './named', imported: 'c', typeOnly: false },
      T: { kind: 'import', from: './named', imported: 'T', typeOnly: true },
      Only: { kind: 'import', from: './types', imported: 'Only', typeOnly: true },
    })
  })

  it('binds declarations, destructured names included, and types as type-only', () => {
    const text = [
      'export function f() {}',
      'class K {}',
      'enum E { A }',
      'const { x, y: [first, , third], ...rest } = source, plain = 1',
      'interface I {}',
      'type Alias = string',
      'if (x) { const hidden = 1 }',
    ].join('\n')
    const names = topLevelBindings(parse(text, 'a.ts'))
    expect([...names.keys()].sort()).toEqual(
      ['Alias', 'E', 'I', 'K', 'f', 'first', 'plain', 'rest', 'third', 'x'].sort(),
    )
    expect(names.get('I')).toEqual({ kind: 'declaration', imported: 'I', typeOnly: true })
    expect(names.get('first')).toEqual({ kind: 'declaration', imported: 'first', typeOnly: false })
  })

  it('keeps a value binding when an interface of the same name merges with it', () => {
    const names = topLevelBindings(parse('const Props = {}\ninterface Props {}', 'a.ts'))
    expect(names.get('Props')?.typeOnly).toBe(false)
  })
})

describe('boundNames', () => {
  it('splits the names into values and types; classes and enums are both', () => {
    const text = `${IMPORTS}\nclass K {}\nenum E { A }\nconst Props = {}\ninterface Props {}\ntype Alias = 1`
    const { values, types } = boundNames(parse(text, 'a.ts'))
    expect([...values].sort()).toEqual(['All', 'Default', 'E', 'K', 'Props', 'React', 'b', 'c'])
    expect([...types].sort()).toEqual(['Alias', 'E', 'K', 'Only', 'Props', 'T'])
  })
})

describe('importedNames', () => {
  it('maps the local names of named imports to the names they import', () => {
    expect(Object.fromEntries(importedNames(parse(IMPORTS, 'a.ts')))).toEqual({
      b: 'a',
      c: 'c',
      T: 'T',
      Only: 'Only',
    })
  })
})

describe('localNamesOf', () => {
  const text = [
    "import { betterAuth as createAuth } from 'better-auth'",
    "import { betterAuth as fromMinimal } from 'better-auth/minimal'",
    "import { betterAuth as elsewhere } from 'not-better-auth'",
    "import betterAuthDefault from 'better-auth'",
  ].join('\n')

  it('is the name and every alias it is imported under from the accepted modules', () => {
    const names = localNamesOf(
      parse(text, 'a.ts'),
      (m) => m === 'better-auth' || m === 'better-auth/minimal',
      'betterAuth',
    )
    expect([...names].sort()).toEqual(['betterAuth', 'createAuth', 'fromMinimal'])
  })

  it('is the name itself when the file does not import it', () => {
    expect([...localNamesOf(parse('', 'a.ts'), () => true, 'createStart')]).toEqual(['createStart'])
  })
})

describe('isReferenced', () => {
  /** Whether `requireAuth` is used anywhere but in its import. */
  const used = (code: string, fileName = 'a.tsx') => {
    const sourceFile = parse(`import { requireAuth } from './guards'\n${code}`, fileName)
    const importDeclaration = sourceFile.statements[0] as ts.ImportDeclaration
    return isReferenced(sourceFile, 'requireAuth', importDeclaration)
  }

  it('finds uses as a value, a shorthand property, a type and in JSX', () => {
    expect(used('export const Route = { beforeLoad: requireAuth }')).toBe(true)
    expect(used('export const Route = { requireAuth }')).toBe(true)
    expect(used('let x: typeof requireAuth')).toBe(true)
    expect(used('export const A = () => <Guard check={requireAuth} />')).toBe(true)
  })

  it('does not take a property or member of the same name for a use', () => {
    expect(used('')).toBe(false)
    expect(used('guards.requireAuth()')).toBe(false)
    expect(used('const a = { requireAuth: true, requireAuth() {} }')).toBe(false)
    expect(used('interface Guards { requireAuth: boolean }')).toBe(false)
    expect(used('class Guards { requireAuth = true; get other() { return 1 } }')).toBe(false)
    expect(used('const { requireAuth: renamed } = guards')).toBe(false)
    expect(used('enum Kind { requireAuth }')).toBe(false)
    expect(used('type G = Guards.requireAuth')).toBe(false)
    expect(used('export const A = () => <Guard requireAuth />')).toBe(false)
  })
})

describe('declaredAround', () => {
  /** The identifiers `env` that are arguments of createAuth(...) calls, in source order. */
  const envArguments = (text: string) => {
    const found: ts.Identifier[] = []
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'createAuth')
        for (const argument of node.arguments) if (ts.isIdentifier(argument)) found.push(argument)
      ts.forEachChild(node, visit)
    }
    visit(parse(text, 'a.ts'))
    return found
  }

  it('sees parameters, block consts, destructuring, for and catch bindings, and named function expressions', () => {
    const text = [
      "import { env } from 'cloudflare:workers'",
      'export const a = (env: Env) => createAuth(env)',
      'export function b(ctx: Ctx) {',
      '  const { env } = ctx',
      '  return createAuth(env)',
      '}',
      'for (const env of list) createAuth(env)',
      'try {} catch (env) { createAuth(env) }',
      'export const c = function env() { return createAuth(env) }',
      'export function d() {',
      '  if (x) {',
      '    function env() {}',
      '    createAuth(env)',
      '  }',
      '}',
    ].join('\n')
    expect(envArguments(text).map((node) => declaredAround(node, 'env'))).toEqual([true, true, true, true, true, true])
  })

  it('is false for the top-level import and for a name declared only in a sibling scope', () => {
    const text = [
      "import { env } from 'cloudflare:workers'",
      'export const a = () => createAuth(env)',
      'export function b() {',
      '  if (x) { const env = 1 }',
      '  return createAuth(env)',
      '}',
      'export const c = (other: Env) => createAuth(env)',
      'createAuth(env)',
    ].join('\n')
    expect(envArguments(text).map((node) => declaredAround(node, 'env'))).toEqual([false, false, false, false])
  })

  it('declarationAround gives the nearest declaration: the inner one, a dynamic import destructured', () => {
    const text = [
      'export async function f(env: Env) {',
      "  const { env: unused, other } = await import('m')",
      '  {',
      "    const { env } = await import('cloudflare:workers')",
      '    createAuth(env)',
      '  }',
      '}',
    ].join('\n')
    const [argument] = envArguments(text)
    expect(declarationAround(argument!, 'env')?.getText()).toBe("{ env } = await import('cloudflare:workers')")
  })

  it('declaredAround sees a var of a nested block (hoisted to the function) and a const of another case clause', () => {
    const text = [
      "import { env } from 'cloudflare:workers'",
      'export function a(x: boolean) {',
      '  if (x) {',
      '    var env = 1',
      '  }',
      '  return createAuth(env)',
      '}',
      'export function b(n: number) {',
      '  switch (n) {',
      '    case 1:',
      '      const env = 2',
      '      break',
      '    case 2:',
      '      createAuth(env)',
      '  }',
      '}',
      'export function c() {',
      '  const inner = () => { var env = 3 }',
      '  return createAuth(env)',
      '}',
    ].join('\n')
    expect(envArguments(text).map((node) => declaredAround(node, 'env'))).toEqual([true, true, false])
  })
})
