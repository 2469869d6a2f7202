import { describe, expect, it } from 'vitest'
import { findAuthClient } from '../../../src/codemods/client/find-client.js'

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
