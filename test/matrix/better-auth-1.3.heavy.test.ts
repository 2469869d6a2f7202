// better-auth 1.3 in the real-install matrix: see test/matrix/releases/suite.ts.
import { releaseSuite } from './releases/suite.js'

releaseSuite({ version: '1.3.34', cookies: 'reactStartCookies', migrations: 'better-auth/db' })
