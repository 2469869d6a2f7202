/**
 * `kit-auth init` on an app with its own Prisma client (default-npm plus prisma/schema.prisma,
 * a `prisma` export in src/lib/prisma.ts and @prisma/client in package.json): `prismaAdapter`
 * with that client, the Better Auth models appended to schema.prisma once, no driver, no SQLite
 * file, and `npx prisma migrate dev` as the next step.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, editJson, init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const SCHEMA = `generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Todo {
  id        Int      @id @default(autoincrement())
  title     String
  createdAt DateTime @default(now())
}
`

function prismaApp(exportName = 'prisma'): string {
  const root = copyFixture('default-npm')
  copies.push(root)
  mkdirSync(path.join(root, 'prisma'))
  writeFileSync(path.join(root, 'prisma/schema.prisma'), SCHEMA)
  mkdirSync(path.join(root, 'src/lib'))
  writeFileSync(
    path.join(root, 'src/lib/prisma.ts'),
    `import { PrismaClient } from '@prisma/client'\n\nconst globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }\n\nexport const ${exportName} = globalForPrisma.prisma ?? new PrismaClient()\n`,
  )
  editJson(path.join(root, 'package.json'), (json) => {
    json.dependencies['@prisma/client'] = '^6.19.0'
    json.devDependencies.prisma = '^6.19.0'
  })
  return root
}

describe('Prisma', () => {
  it("uses prismaAdapter with the app's client and appends the Better Auth models", () => {
    const root = prismaApp()
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const after = snapshotTree(root)
    const auth = after['src/lib/auth/auth.ts']!
    expect(auth).toContain("import { prismaAdapter } from 'better-auth/adapters/prisma'")
    expect(auth).toContain("import { prisma } from '#/lib/prisma'")
    expect(auth).toContain("database: prismaAdapter(prisma, { provider: 'postgresql' }),")
    expect(auth).not.toMatch(/better-sqlite3|new Pool/)

    const schema = after['prisma/schema.prisma']!
    expect(schema.startsWith(SCHEMA.trimEnd())).toBe(true)
    const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((match) => match[1])
    expect(models).toEqual([
      'Todo',
      'User',
      'Session',
      'Account',
      'Verification',
      'Organization',
      'Member',
      'Invitation',
      'ApiToken',
    ])
    expect(schema).toMatch(/^ {2}banReason String\?$/m)
    expect(schema).toMatch(/^ {2}activeOrganizationId String\?$/m)
    expect(schema).toMatch(/^ {2}sessions Session\[\]$/m)

    const pkg = JSON.parse(after['package.json']!) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    const was = JSON.parse(before['package.json']!) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.dependencies).toEqual({
      ...was.dependencies,
      'better-auth': '^1.7.25',
      nodemailer: expect.stringMatching(/^\^10\./),
      resend: expect.stringMatching(/^\^6\./),
    })
    expect(pkg.devDependencies).toEqual(was.devDependencies)
    expect(after['.gitignore']).not.toContain('/data/')
    expect(changedFiles(before, after)).toContain('prisma/schema.prisma')

    const steps = parseDocument(result.stdout).nextSteps.join('\n')
    expect(steps).toContain('`npx prisma migrate dev`')
    expect(steps).not.toContain('kit-auth migrate` to create the auth tables')

    // re-run: the appended models are recognised as kit-auth's own
    const second = init(root, ['--yes', '--no-install'])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('Nothing to do')
    expect(snapshotTree(root)).toEqual(after)
  })

  it('imports a client exported under another name as `prisma`', () => {
    const root = prismaApp('db')
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    expect(snapshotTree(root)['src/lib/auth/auth.ts']).toContain("import { db as prisma } from '#/lib/prisma'")
  })

  it('an app whose schema already has a User model is not touched through Prisma; --db prisma says why', () => {
    const root = prismaApp()
    writeFileSync(path.join(root, 'prisma/schema.prisma'), `${SCHEMA}\nmodel User {\n  id String @id\n}\n`)
    const before = snapshotTree(root)
    const refused = init(root, ['--yes', '--no-install', '--db', 'prisma'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('already has model User')
    expect(snapshotTree(root)).toEqual(before)
  })
})
