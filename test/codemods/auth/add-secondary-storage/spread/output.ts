import { betterAuth } from 'better-auth'
import { base } from './base'

export const auth = betterAuth({ ...base })
