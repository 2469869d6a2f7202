import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addRedirectSearch } from '../../../src/codemods/route/add-redirect-search.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/routes/login.tsx'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('addRedirectSearch cases', {
  dir: fileURLToPath(new URL('./add-redirect-search/', import.meta.url)),
  fileName: FILE,
  transform: addRedirectSearch,
  options: () => ({ style: STYLE }),
  // a one-line options object is spread over lines
  keeps: 'every-token',
  check(output) {
    expect(output.match(/validateSearch/g)?.length ?? 0).toBeLessThanOrEqual(1)
  },
})

describe('addRedirectSearch', () => {
  const status = (text: string) => runTransform(text, FILE, addRedirectSearch, { style: STYLE }).data

  it('says what it did, or why it did nothing', () => {
    const route = "export const Route = createFileRoute('/login')({ component: Login })\n"
    const added = runTransform(route, FILE, addRedirectSearch, { style: STYLE })
    expect(added.data).toEqual({ status: 'added', mentionsRedirect: true })
    expect(status(added.text)).toEqual({ status: 'present', mentionsRedirect: true })
    expect(status("export const Route = createFileRoute('/login')({ validateSearch: schema })\n")).toEqual({
      status: 'present',
      mentionsRedirect: false,
    })
    // a key the schema requires: not extended (the guards' redirect would lack it)
    const required =
      "export const Route = createFileRoute('/login')({ validateSearch: z.object({ tab: z.string() }) })\n"
    expect(status(`import { z } from 'zod'\n${required}`)).toEqual({ status: 'present', mentionsRedirect: false })
    const partial = required.replace('}) })', '}).partial() })')
    expect(status(`import { z } from 'zod'\n${partial}`)).toMatchObject({ status: 'extended' })
    // wrappers that make the whole search optional keep its keys: a required one still blocks the edit
    const zod = "import { z } from 'zod'\nimport { zodValidator } from '@tanstack/zod-adapter'\n"
    const wrapped = (schema: string) =>
      status(`${zod}export const Route = createFileRoute('/login')({ validateSearch: zodValidator(${schema}) })\n`)
    expect(wrapped('z.object({ tab: z.string() }).optional()')).toMatchObject({ status: 'present' })
    expect(wrapped('z.optional(z.object({ tab: z.string() }))')).toMatchObject({ status: 'present' })
    expect(wrapped('z.object({ tab: z.string() }).partial().optional()')).toMatchObject({ status: 'extended' })
    expect(wrapped('z.object({ tab: z.string().optional() }).nullish()')).toMatchObject({ status: 'extended' })
    // only wrappers that keep the keys: a transform, an imported schema, a wrapper of another library
    expect(wrapped('z.object({}).transform((s) => s).optional()')).toMatchObject({ status: 'present' })
    expect(wrapped('imported.optional()')).toMatchObject({ status: 'present' })
    expect(wrapped('imported.default({ tab: z.string() })')).toMatchObject({ status: 'present' })
    expect(wrapped('other.optional(z.object({}))')).toMatchObject({ status: 'present' })
    expect(wrapped('fallback(z.object({}), {})')).toMatchObject({ status: 'present' })
    // links pass the schema's output there, where a `.default()` key is required
    expect(wrapped("{ schema: z.object({}), input: 'output' }")).toMatchObject({ status: 'present' })
    expect(wrapped('{ schema: z.object({}) }')).toMatchObject({ status: 'extended' })
    // a hand-written function reads `search.redirect` only from a parameter that may hold it
    const fn = (param: string) =>
      status(`export const Route = createFileRoute('/login')({ validateSearch: (${param}): {} => ({}) })\n`)
    for (const param of ['search', 'search: any', 'search: Record<string, unknown>', 'search: Record<string, any>'])
      expect(fn(param), param).toMatchObject({ status: 'extended' })
    for (const param of ['search: { next?: string }', 'search: unknown', 'search: Search', 'search: Record<Key, any>'])
      expect(fn(param), param).toEqual({ status: 'present', mentionsRedirect: false })
    expect(status("export const Route = createFileRoute('/login')(makeOptions())\n")).toEqual({
      status: 'unsupported',
      mentionsRedirect: false,
    })
  })
})
