/**
 * The two test sets of vitest.config.ts. `fast` (`npm run test:fast`) is every `*.test.ts` but the
 * `*.heavy.test.ts` files, and runs with KIT_AUTH_TEST_SET=fast; `heavy` is the `*.heavy.test.ts`
 * files: whatever installs packages, builds an app, starts a server or a browser. `npm test` runs both.
 *
 * The helpers that do heavy work call `requireHeavySet` first, so a suite that needs them fails at
 * once in the fast set, naming the fix, instead of quietly making the inner loop slow.
 */
export function requireHeavySet(what: string): void {
  if (process.env.KIT_AUTH_TEST_SET === 'fast') {
    throw new Error(
      `${what} is heavy work, and this suite is in the fast set: name its file *.heavy.test.ts ` +
        '(DEVELOPERS.md, "Test sets")',
    )
  }
}
