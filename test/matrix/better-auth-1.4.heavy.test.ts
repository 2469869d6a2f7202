// better-auth 1.4 in the real-install matrix: see test/matrix/releases/suite.ts.
import { releaseSuite } from './releases/suite.js'

releaseSuite({ version: '1.4.22', cookies: 'tanstackStartCookies', migrations: 'better-auth/db' })
