import { betterAuth } from 'better-auth'

/** Ours. */
export const auth = betterAuth({})
