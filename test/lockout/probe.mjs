// Run inside an app folder that has better-auth and better-sqlite3 installed, next to lockout.mjs
// (kit-auth's templates/init/lib/auth/lockout.ts.hbs, transpiled). Prints what a deactivated and
// a banned user's cookie still opens, with the storage mode given as argv[2]:
// `cookie-cache` (session.cookieCache) or `secondary-storage` (sessions in a key-value store).
import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import { admin } from 'better-auth/plugins'
import { accountLockout } from './lockout.mjs'

const mode = process.argv[2]
const db = new Database(':memory:')
const store = new Map()
const origin = 'http://localhost:3000'
const auth = betterAuth({
  baseURL: origin,
  secret: 'kit-auth-lockout-probe-secret-0123456789abcdef',
  database: db,
  emailAndPassword: { enabled: true },
  session: mode === 'cookie-cache' ? { cookieCache: { enabled: true, maxAge: 300 } } : undefined,
  secondaryStorage:
    mode === 'secondary-storage'
      ? {
          get: async (key) => store.get(key) ?? null,
          set: async (key, value) => void store.set(key, value),
          delete: async (key) => void store.delete(key),
        }
      : undefined,
  rateLimit: { enabled: false },
  user: { additionalFields: { deactivatedAt: { type: 'date', required: false, input: false } } },
  plugins: [admin(), accountLockout()],
})
const migrations = await import('better-auth/db/migration').catch(() => import('better-auth/db'))
await (await migrations.getMigrations(auth.options)).runMigrations()

async function call(path, { body, cookie } = {}) {
  const headers = { origin, ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) }
  const init = { method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined }
  const response = await auth.handler(new Request(`${origin}/api/auth${path}`, init))
  return { status: response.status, body: await response.text(), setCookie: response.headers.getSetCookie() }
}

async function lockedOut(email, lock) {
  const password = 'correct-horse-battery'
  const up = await call('/sign-up/email', { body: { name: 'probe', email, password } })
  const cookie = up.setCookie.map((line) => line.split(';')[0]).join('; ')
  const before = await call('/get-session', { cookie })
  lock(email)
  const first = await call('/get-session', { cookie })
  const second = await call('/get-session', { cookie })
  const change = await call('/change-password', {
    body: { currentPassword: password, newPassword: 'another-horse-battery' },
    cookie,
  })
  const update = await call('/update-user', { body: { name: 'renamed' }, cookie })
  const signIn = await call('/sign-in/email', { body: { email, password } })
  const server = await auth.api
    .getSession({ headers: new Headers({ cookie }), query: { disableCookieCache: true } })
    .then(
      (session) => session?.user.email ?? null,
      (error) => `error ${error.statusCode}`,
    )
  return {
    signedUp: up.status,
    before: before.body.includes(email),
    getSession: [first.body.includes(email), second.body.includes(email)],
    changePassword: change.status,
    updateUser: update.status,
    renamed: db.prepare('select name from user where email = ?').get(email).name === 'renamed',
    signIn: signIn.status,
    server,
  }
}

/** Wrong passwords on one account: the limit holds whatever address they come from. */
async function failedSignIns() {
  const password = 'correct-horse-battery'
  for (const email of ['guessed@example.com', 'neighbour@example.com'])
    await call('/sign-up/email', { body: { name: 'probe', email, password } })
  const signIn = (email, pass) => call('/sign-in/email', { body: { email, password: pass } })
  const wrong = []
  for (let i = 0; i < 10; i++) wrong.push((await signIn('guessed@example.com', `wrong-${i}-password`)).status)
  const rightPasswordAfter = (await signIn('guessed@example.com', password)).status
  // 30 guesses at once: the limit holds for a burst too
  await call('/sign-up/email', { body: { name: 'probe', email: 'burst@example.com', password } })
  const burst = await Promise.all(
    Array.from({ length: 30 }, (_, i) => signIn('burst@example.com', `burst-${i}-password`)),
  )
  // a successful sign-in clears the count: 9 wrong, right, 9 wrong, right
  const statuses = []
  for (const round of [1, 2])
    for (let i = 0; i <= 9; i++)
      statuses.push((await signIn('neighbour@example.com', i < 9 ? `wrong-${round}-${i}` : password)).status)
  return {
    wrong,
    rightPasswordAfter,
    otherAccount: (await signIn('neighbour@example.com', password)).status,
    burstWrong: burst.filter((response) => response.status === 401).length,
    burstRefused: burst.filter((response) => response.status === 429).length,
    resets: statuses.filter((status) => status === 200).length,
    resetRefused: statuses.filter((status) => status === 429).length,
  }
}

const result = {
  failures: await failedSignIns(),
  deactivated: await lockedOut('deactivated@example.com', (email) =>
    db.prepare('update user set deactivatedAt = ? where email = ?').run(new Date().toISOString(), email),
  ),
  banned: await lockedOut('banned@example.com', (email) =>
    db.prepare('update user set banned = 1 where email = ?').run(email),
  ),
}
console.log(JSON.stringify(result))
