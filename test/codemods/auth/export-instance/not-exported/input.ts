import { betterAuth } from 'better-auth'

/** Ours. */
const auth = betterAuth({})
