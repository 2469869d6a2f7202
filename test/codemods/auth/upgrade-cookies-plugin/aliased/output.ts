import { betterAuth } from 'better-auth'
import { tanstackStartCookies as cookies } from 'better-auth/tanstack-start'

const plugins = [cookies()]

export const auth = betterAuth({ plugins })
