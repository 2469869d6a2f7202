import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { findCall } from '../../../src/codemods/js/calls.js'
import { parse } from '../../../src/codemods/js/parse.js'
import {
  objectLiteralOf,
  resolveConst,
  unwrap,
  unwrappedParent,
  variableInitializer,
} from '../../../src/codemods/js/unwrap.js'

/** The first argument of the first `f(...)` call of a file. */
function argumentOf(text: string, fileName = 'a.ts'): ts.Expression {
  return findCall(parse(text, fileName), new Set(['f']))!.arguments[0]!
}

describe('unwrap', () => {
  it('strips parentheses, as, satisfies, <T>x and x!, nested', () => {
    expect(ts.isObjectLiteralExpression(unwrap(argumentOf('f(({ a: 1 } satisfies A) as const)')))).toBe(true)
    expect(unwrap(argumentOf('f((<Options>options)!)')).getText()).toBe('options')
    expect(unwrap(argumentOf('f(options!)')).getText()).toBe('options')
  })

  it('leaves anything else as it is', () => {
    const call = argumentOf('f(make({ a: 1 }))')
    expect(unwrap(call)).toBe(call)
  })
})

describe('unwrappedParent', () => {
  it('is what holds an expression once its wrappers are stripped', () => {
    const sourceFile = parse('const auth = (betterAuth({}) satisfies Auth) as Auth', 'a.ts')
    const call = findCall(sourceFile, new Set(['betterAuth']))!
    expect(ts.isVariableDeclaration(unwrappedParent(call))).toBe(true)
    const bare = findCall(parse('const auth = betterAuth({})', 'a.ts'), new Set(['betterAuth']))!
    expect(ts.isVariableDeclaration(unwrappedParent(bare))).toBe(true)
  })
})

describe('variableInitializer', () => {
  const text = [
    'let options = { a: 1 }, other = 2',
    'const { destructured } = source',
    'function make() {',
    '  const inner = { b: 2 }',
    '  return inner',
    '}',
    'var late',
  ].join('\n')
  const sourceFile = parse(text, 'vite.config.ts')

  it('finds a top-level variable by name, whatever its keyword', () => {
    expect(variableInitializer(sourceFile, 'options')?.getText()).toBe('{ a: 1 }')
    expect(variableInitializer(sourceFile, 'other')?.getText()).toBe('2')
  })

  it('finds a variable declared inside a function only with scope anywhere', () => {
    expect(variableInitializer(sourceFile, 'inner')).toBeUndefined()
    expect(variableInitializer(sourceFile, 'inner', { scope: 'anywhere' })?.getText()).toBe('{ b: 2 }')
  })

  it('has nothing for destructured names, declarations without a value, or unknown names', () => {
    expect(variableInitializer(sourceFile, 'destructured')).toBeUndefined()
    expect(variableInitializer(sourceFile, 'late')).toBeUndefined()
    expect(variableInitializer(sourceFile, 'missing', { scope: 'anywhere' })).toBeUndefined()
  })
})

describe('resolveConst', () => {
  it('follows identifiers through consts and their wrappers to a value', () => {
    const value = resolveConst(argumentOf('const base = { a: 1 } satisfies A\nconst options = base as A\nf(options)'))
    expect(value.getText()).toBe('{ a: 1 }')
  })

  it('stops at what it cannot follow: an import, a parameter, a call', () => {
    expect(resolveConst(argumentOf("import { shared } from './shared'\nf(shared)")).getText()).toBe('shared')
    expect(resolveConst(argumentOf('const options = make()\nf(options)')).getText()).toBe('make()')
  })

  it('gives up on a cycle instead of looping', () => {
    const value = resolveConst(argumentOf('const a = b\nconst b = a\nf(a)'))
    expect(ts.isIdentifier(value)).toBe(true)
  })

  it('follows a const declared inside a function only with scope anywhere', () => {
    const text = 'export default () => {\n  const config = { plugins: [] }\n  return f(config)\n}'
    expect(resolveConst(argumentOf(text)).getText()).toBe('config')
    expect(resolveConst(argumentOf(text), { scope: 'anywhere' }).getText()).toBe('{ plugins: [] }')
  })
})

describe('objectLiteralOf', () => {
  it('is the object an expression resolves to, or null', () => {
    expect(objectLiteralOf(argumentOf('const o = { a: 1 } as const\nf(o)'))?.getText()).toBe('{ a: 1 }')
    expect(objectLiteralOf(argumentOf('f([1])'))).toBeNull()
    expect(objectLiteralOf(undefined)).toBeNull()
  })
})
