import { createServerFn } from '@tanstack/react-start'

// A test's stand-in is no entry point of the app: the audit skips test files.
// expect: ignored
export const fakeList = createServerFn({ method: 'GET' }).handler(() => [])
