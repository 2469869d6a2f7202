import { describe, expect, it } from 'vitest'
import {
  boundNames,
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
