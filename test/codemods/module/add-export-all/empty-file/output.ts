export * from './auth-schema'
