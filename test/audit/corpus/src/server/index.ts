// Re-exports: a renamed builder and everything of the middleware module.
export { authedFn as protectedFn, plainFn as openFn } from './builders'
export * from './middleware'
