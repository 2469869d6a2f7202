export { user, session } from './auth-schema'
export * from './auth-schema'
export const todos = {}
