export type * from './auth-schema'
