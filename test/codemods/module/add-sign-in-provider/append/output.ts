export interface SignInProvider {
  id: string
  label: string
  generic?: boolean
}

export const SIGN_IN_PROVIDERS: SignInProvider[] = [
  { id: 'github', label: 'GitHub' },
  { id: 'oidc', label: 'Company SSO', generic: true },
]
