// better-auth 1.6 in the real-install matrix: see test/matrix/releases/suite.ts.
import { releaseSuite } from './releases/suite.js'

releaseSuite({ version: '1.6.34', cookies: 'tanstackStartCookies', migrations: 'better-auth/db/migration' })
