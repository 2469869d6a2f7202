/** init's note on another auth system already in the app (corpus F12: Neon Auth next to a new Better Auth). */
import { describe, expect, it } from 'vitest'
import { otherAuthNotes } from '../../src/plans/init/prose.js'

const manifest = (dependencies: Record<string, string>) => ({ dependencies, devDependencies: {}, scripts: {} })

describe('otherAuthNotes', () => {
  it('names Neon Auth (@neondatabase/neon-js, @neondatabase/auth) as it names Clerk', () => {
    expect(otherAuthNotes(manifest({ '@neondatabase/neon-js': '^0.1.0', react: '^19.0.0' }))).toEqual([
      'Neon Auth (@neondatabase/neon-js) is also set up in this app: Better Auth was added next to it, not in its ' +
        "place. Remove Neon Auth's provider, middleware and routes once you switch over.",
    ])
    expect(otherAuthNotes(manifest({ '@neondatabase/auth': '^0.1.0' }))[0]).toMatch(
      /^Neon Auth \(@neondatabase\/auth\)/,
    )
    expect(otherAuthNotes(manifest({ '@clerk/tanstack-react-start': '^1.0.0' }))[0]).toMatch(/^Clerk /)
  })

  it('says nothing for a Neon database driver alone', () => {
    expect(otherAuthNotes(manifest({ '@neondatabase/serverless': '^1.0.0' }))).toEqual([])
  })
})
