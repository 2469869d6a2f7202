import type { SignInProvider } from './types'

export const SIGN_IN_PROVIDERS = [
  { id: 'oidc', label: "Bob's SSO", generic: true },
  // the next ones come from kit-auth add oauth
] satisfies SignInProvider[]
