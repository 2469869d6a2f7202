// oidc-provider ships no types (and @types/oidc-provider lags its major): what the tests use of it.
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http'

  interface Account {
    accountId: string
    claims(): Promise<Record<string, unknown>>
  }

  interface Configuration {
    clients?: Record<string, unknown>[]
    pkce?: { required?: () => boolean }
    claims?: Record<string, string[]>
    features?: Record<string, { enabled: boolean }>
    findAccount?: (context: unknown, sub: string) => Promise<Account | undefined>
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    proxy: boolean
    callback(): RequestListener
  }
}
