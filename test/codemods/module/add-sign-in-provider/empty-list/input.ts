import type { SignInProvider } from './types'

// no provider yet
export const SIGN_IN_PROVIDERS: SignInProvider[] = []
