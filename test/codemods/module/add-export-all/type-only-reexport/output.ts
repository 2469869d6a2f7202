export type * from './auth-schema'
export * from './auth-schema'
