import * as authSchema from './auth-schema'

export const relations = { user: authSchema.user }
