// better-auth 1.5 in the real-install matrix: see test/matrix/releases/suite.ts.
import { releaseSuite } from './releases/suite.js'

releaseSuite({ version: '1.5.6', cookies: 'tanstackStartCookies', migrations: 'better-auth/db/migration' })
