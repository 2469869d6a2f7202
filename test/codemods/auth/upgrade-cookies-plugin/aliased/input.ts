import { betterAuth } from 'better-auth'
import { reactStartCookies as cookies } from 'better-auth/react-start'

const plugins = [cookies()]

export const auth = betterAuth({ plugins })
