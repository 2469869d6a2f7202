import semver from 'semver'
import { UsageError } from '../../core/errors.js'

/** The `kit-auth add` features that are ways to sign in. */
export const SIGN_IN_FEATURES = ['oauth', 'oidc', 'magic-link'] as const
export type SignInFeature = (typeof SIGN_IN_FEATURES)[number]

/**
 * Better Auth's built-in providers kit-auth configures: the button's label, the env variables
 * beyond `<ID>_CLIENT_ID`/`<ID>_CLIENT_SECRET`, and whether account linking trusts the provider to
 * have verified the email it reports (Microsoft's multi-tenant apps report addresses nobody verified).
 */
export const SOCIAL_PROVIDERS: Record<
  'github' | 'google' | 'apple' | 'microsoft' | 'discord' | 'gitlab',
  {
    label: string
    trusted: boolean
    /** Better Auth's provider says every address is verified before this release (1.3.34's Microsoft and GitLab). */
    verifiesEmailFrom?: string
  }
> = {
  github: { label: 'GitHub', trusted: true },
  google: { label: 'Google', trusted: true },
  apple: { label: 'Apple', trusted: true },
  microsoft: { label: 'Microsoft', trusted: false, verifiesEmailFrom: '1.4.0' },
  discord: { label: 'Discord', trusted: false },
  gitlab: { label: 'GitLab', trusted: false, verifiesEmailFrom: '1.4.0' },
}
export type SocialProviderId = keyof typeof SOCIAL_PROVIDERS

/**
 * True when better-auth `version`'s provider `id` reports every address as verified (kit-auth maps it to unverified).
 */
export function claimsEveryEmailVerified(id: SocialProviderId, version: string): boolean {
  const from = SOCIAL_PROVIDERS[id].verifiesEmailFrom
  return from !== undefined && semver.lt(version, from)
}

/**
 * Account provider ids Better Auth uses itself (1.3 to 1.7): password accounts and every built-in
 * social provider. A generic OAuth provider with one of them would share its accounts and callback.
 */
const RESERVED_PROVIDER_IDS: readonly string[] = [
  'credential',
  ...['apple', 'atlassian', 'cloudflare', 'cognito', 'discord', 'dropbox', 'facebook', 'figma', 'github'],
  ...['gitlab', 'google', 'huggingface', 'kakao', 'kick', 'line', 'linear', 'linkedin', 'microsoft', 'naver'],
  ...['notion', 'paybin', 'paypal', 'polar', 'railway', 'reddit', 'roblox', 'salesforce', 'slack', 'spotify'],
  ...['tiktok', 'twitch', 'twitter', 'vercel', 'vk', 'wechat', 'zoom'],
]

/** How long a magic link works, in seconds (Better Auth's default too). */
export const MAGIC_LINK_SECONDS = 5 * 60

export interface SignInRequest {
  feature: SignInFeature
  /** `oauth`: the providers named on the command line. */
  providers?: string[]
  /** `oidc`: the provider id (`--id`, default `oidc`) and the button's label (`--name`). */
  id?: string
  name?: string
}

/**
 * The providers of `kit-auth add oauth <provider...>`, or the usage error (exit 2) listing the known ones.
 *
 * @example parseProviders(['github', 'google']) // ['github', 'google']
 */
export function parseProviders(names: string[]): SocialProviderId[] {
  const known = Object.keys(SOCIAL_PROVIDERS)
  const hint = `Known providers: ${known.join(', ')}; any OpenID Connect provider: \`kit-auth add oidc\`.`
  if (names.length === 0) throw new UsageError('kit-auth add oauth needs at least one provider.', hint)
  const unknown = names.filter((name) => !known.includes(name.toLowerCase()))
  if (unknown.length > 0)
    throw new UsageError(
      `"${unknown.join('", "')}" ${unknown.length > 1 ? 'are' : 'is'} not a provider kit-auth knows.`,
      hint,
    )
  return [...new Set(names.map((name) => name.toLowerCase() as SocialProviderId))]
}

/**
 * The `--id` of `kit-auth add oidc`: lowercase letters, digits and dashes, not a built-in provider's id.
 *
 * @example parseProviderId(undefined) // 'oidc'
 */
export function parseProviderId(id: string | undefined): string {
  const value = id ?? 'oidc'
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(value))
    throw new UsageError(
      `--id "${value}" is not a provider id kit-auth can use.`,
      'Use lowercase letters, digits and dashes, starting with a letter (it names the callback path): --id keycloak.',
    )
  if (value in SOCIAL_PROVIDERS)
    throw new UsageError(
      `--id "${value}" is the id of Better Auth's built-in ${value} provider.`,
      `Use \`kit-auth add oauth ${value}\` for it, or another --id for your OpenID Connect provider.`,
    )
  if (RESERVED_PROVIDER_IDS.includes(value))
    throw new UsageError(
      `--id "${value}" is a provider id Better Auth uses itself ` +
        `(${value === 'credential' ? 'password accounts' : `its built-in ${value} provider`}).`,
      'Pick an id of your own for your OpenID Connect provider: --id keycloak, --id sso.',
    )
  return value
}

/** The env prefix of a provider: `GITHUB`, `OIDC`, `MY_IDP` for `--id my-idp`. */
export function envPrefix(id: string): string {
  return id.toUpperCase().replace(/-/g, '_')
}

/** Release-dependent spellings of the sign-in methods (read from each release's .d.ts and routes). */
export function signInApi(version: string) {
  const from17 = semver.gte(version, '1.7.0')
  return {
    // 1.7 registers generic providers as social ones: /sign-in/social and /callback/<id>, no client plugin;
    // before, /sign-in/oauth2, /oauth2/link and /oauth2/callback/<id> with genericOAuthClient().
    oauth2Client: !from17,
    callbackPath: (id: string) => (from17 ? `/api/auth/callback/${id}` : `/api/auth/oauth2/callback/${id}`),
    // /unlink-account takes the account row's `id` from 1.7 (`{ providerId, accountId? }` before).
    unlinkByRowId: from17,
  }
}

/** The callback URLs the providers of this request call back at (also in --json). */
export function callbackUrls(request: SignInRequest, baseUrl: string, api: ReturnType<typeof signInApi>): string[] {
  if (request.feature === 'oauth')
    return parseProviders(request.providers ?? []).map((id) => `${baseUrl}/api/auth/callback/${id}`)
  if (request.feature === 'oidc') return [`${baseUrl}${api.callbackPath(parseProviderId(request.id))}`]
  return []
}
