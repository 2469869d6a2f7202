import { describe, expect, it } from 'vitest'
import { addClientPlugins, adoptAuthClient } from '../../src/codemods/client/add-client-plugins.js'
import { findAuthClient } from '../../src/codemods/client/find-client.js'
import { runTransform } from '../../src/codemods/transform.js'
import type { CodeStyle } from '../../src/project/types.js'
import { checkTransform } from './support.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const SEMI: CodeStyle = { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' }
const FILE = 'src/lib/auth-client.ts'

describe('adoptAuthClient (init)', () => {
  const options = {
    admin: true,
    organization: true,
    authType: { from: '#/lib/auth', clause: '{ auth }' },
    style: STYLE,
  }

  it('gives createAuthClient() its options and imports the instance as a type only', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient()\n"
    const { text } = checkTransform(adoptAuthClient, input, FILE, options, { style: STYLE })
    expect(text).toBe(
      [
        "import { createAuthClient } from 'better-auth/react'",
        'import {',
        '  inferAdditionalFields,',
        '  adminClient,',
        '  organizationClient,',
        "} from 'better-auth/client/plugins'",
        "import type { auth } from '#/lib/auth'",
        '',
        'export const authClient = createAuthClient({',
        '  plugins: [',
        '    inferAdditionalFields<typeof auth>(),',
        '    adminClient(),',
        '    organizationClient(),',
        '  ],',
        '})',
        '',
      ].join('\n'),
    )
  })

  it('adds only the missing client plugins to an existing list', () => {
    const input = `import { createAuthClient } from 'better-auth/react'
import { adminClient } from 'better-auth/client/plugins'

export const client = createAuthClient({
  baseURL: 'http://localhost:3000',
  plugins: [adminClient()],
})
`
    const { text, changes } = checkTransform(
      adoptAuthClient,
      input,
      'src/client.ts',
      { ...options, authType: { from: './auth', clause: '{ myAuth as auth }' } },
      { style: STYLE },
    )
    expect(changes).toEqual(['inferAdditionalFields<typeof auth>()', 'organizationClient()'])
    // the one-line list no longer fits in 80 columns: one element a line, as Prettier prints it
    expect(text).toContain(
      '  plugins: [\n    adminClient(),\n    inferAdditionalFields<typeof auth>(),\n    organizationClient(),\n  ],\n',
    )
    expect(text).toContain(
      "import {\n  adminClient,\n  inferAdditionalFields,\n  organizationClient,\n} from 'better-auth/client/plugins'",
    )
    expect(text).toContain("import type { myAuth as auth } from './auth'")
  })

  it('refuses options it cannot read, with init’s hint', () => {
    const input = "import { createAuthClient } from 'better-auth/react'\nexport const client = createAuthClient(opts)\n"
    expect(() => runTransform(input, FILE, adoptAuthClient, options)).toThrow(
      expect.objectContaining({
        message: `${FILE}: its options are not an object literal, so kit-auth cannot add its client plugins.`,
        hint: expect.stringMatching(/or run kit-auth init again and let it generate its own client\.$/),
      }),
    )
  })
})

describe('addClientPlugins (add-guard)', () => {
  const add = (input: string, plugins: string[], style = STYLE) =>
    checkTransform(addClientPlugins, input, FILE, { plugins, command: 'kit-auth add-guard', style }, { style }).text

  it('breaks a one-line list and an import line that no longer fit, as Prettier would', () => {
    const input = `import { createAuthClient } from "better-auth/react";
import { inferAdditionalFields } from "better-auth/client/plugins";

export const authClient = createAuthClient({
  plugins: [inferAdditionalFields<typeof auth>(), adminClient()],
});
`
    expect(add(input, ['organizationClient'], SEMI)).toBe(`import { createAuthClient } from "better-auth/react";
import {
  inferAdditionalFields,
  organizationClient,
} from "better-auth/client/plugins";

export const authClient = createAuthClient({
  plugins: [
    inferAdditionalFields<typeof auth>(),
    adminClient(),
    organizationClient(),
  ],
});
`)
  })

  it('keeps a list that still fits on one line, and a plugin imported under another name', () => {
    const input = `import { createAuthClient } from 'better-auth/react'
import { adminClient as admin } from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  plugins: [admin()],
})
`
    expect(add(input, ['adminClient'])).toBe(input)
    expect(add(input, ['organizationClient'])).toBe(`import { createAuthClient } from 'better-auth/react'
import {
  adminClient as admin,
  organizationClient,
} from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  plugins: [admin(), organizationClient()],
})
`)
  })

  it('creates the plugins list on lines of its own (as init writes it)', () => {
    const input = `import { createAuthClient } from 'better-auth/react'

export const authClient = createAuthClient({
  baseURL: '/',
})
`
    expect(add(input, ['adminClient'])).toBe(
      `import { createAuthClient } from 'better-auth/react'
import { adminClient } from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  baseURL: '/',
  plugins: [
    adminClient(),
  ],
})
`,
    )
  })

  it('refuses plugins it cannot read, saying what to add and which command to run again', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\nexport const c = createAuthClient({ plugins })\n"
    expect(() =>
      runTransform(input, FILE, addClientPlugins, {
        plugins: ['adminClient'],
        command: 'kit-auth add-guard',
        style: STYLE,
      }),
    ).toThrow(
      expect.objectContaining({
        message: `${FILE}: its \`plugins\` are not an array literal, so kit-auth cannot add its client plugins.`,
        hint:
          'Add adminClient() (from better-auth/client/plugins) to the client by hand, ' +
          'then run kit-auth add-guard again.',
      }),
    )
  })
})

describe('findAuthClient', () => {
  it('finds a reusable client and says when it is not', () => {
    expect(
      findAuthClient(
        "import { createAuthClient } from 'better-auth/react'\nexport const authClient = createAuthClient()",
        'a.ts',
      ),
    ).toEqual({ exportName: 'authClient' })
    expect(
      findAuthClient("import { createAuthClient } from 'better-auth/react'\nexport default createAuthClient()", 'a.ts'),
    ).toEqual({ exportName: 'default' })
    expect(
      findAuthClient(
        `import { createAuthClient as make } from 'better-auth/react'
const client = make()
export { client as authClient }`,
        'a.ts',
      ),
    ).toEqual({ exportName: 'authClient' })
    expect(
      findAuthClient(
        `import { createAuthClient } from 'better-auth/react'
export const { signIn, useSession } = createAuthClient()`,
        'a.ts',
      ),
    ).toEqual({ exportName: null })
    expect(findAuthClient('// createAuthClient() is not called here', 'a.ts')).toBeUndefined()
  })
})
