import path from 'node:path'
import semver from 'semver'
import ts from '../../lib/typescript.js'
import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { KitError, UsageError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import { addSignInPlugin } from '../codemods/auth/add-sign-in-plugin.js'
import { addSocialProviders, type SocialProviderEntry } from '../codemods/auth/add-social-providers.js'
import { findInstance } from '../codemods/auth/find-instance.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { importedNames } from '../codemods/js/bindings.js'
import { calleeName } from '../codemods/js/calls.js'
import { importClause } from '../codemods/js/exports.js'
import { quoted } from '../codemods/js/imports.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { parse } from '../codemods/js/parse.js'
import { addSignInProvider, providerItem, type SignInProviderEntry } from '../codemods/module/add-sign-in-provider.js'
import { addPageElement, type Anchor } from '../codemods/page/add-page-element.js'
import { runTransform } from '../codemods/transform.js'
import type { CodeStyle, ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import { ACCOUNT_PAGE_MARKER } from './account-emails.js'
import { pageAt, type ExistingAuth } from './adopt.js'
import { mergeEnv } from './env.js'
import { authModulePath, importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'
import { betterAuthVersion } from './versions.js'

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

/** True when better-auth `version`'s provider `id` reports every address as verified (kit-auth maps it to unverified). */
function claimsEveryEmailVerified(id: SocialProviderId, version: string): boolean {
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
const MAGIC_LINK_SECONDS = 5 * 60

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
      `--id "${value}" is a provider id Better Auth uses itself (${value === 'credential' ? 'password accounts' : `its built-in ${value} provider`}).`,
      'Pick an id of your own for your OpenID Connect provider: --id keycloak, --id sso.',
    )
  return value
}

/** The env prefix of a provider: `GITHUB`, `OIDC`, `MY_IDP` for `--id my-idp`. */
function envPrefix(id: string): string {
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

/** Which sign-in methods an instance's options configure (for `add --list` and the plans). */
export function signInMethodsOf(
  text: string,
  fileName: string,
): { oauth: string[]; oidc: string[]; magicLink: boolean } {
  const sourceFile = parse(text, fileName)
  const instance = findInstance(sourceFile)
  const none = { oauth: [], oidc: [], magicLink: false }
  if (!instance?.options) return none
  const social = findProperty(instance.options, 'socialProviders')
  const socialValue = social && propertyValue(social)
  const oauth =
    socialValue && ts.isObjectLiteralExpression(socialValue)
      ? socialValue.properties.flatMap((property) =>
          property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
            ? [property.name.text]
            : [],
        )
      : []
  const plugins = findProperty(instance.options, 'plugins')
  const list = plugins && propertyValue(plugins)
  const imports = importedNames(sourceFile)
  const calls =
    list && ts.isArrayLiteralExpression(list)
      ? list.elements.filter((element): element is ts.CallExpression => ts.isCallExpression(element))
      : []
  const oidc = calls
    .filter((call) => calleeName(call, imports) === 'genericOAuth')
    .flatMap((call) => {
      const options = call.arguments[0]
      const config = options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'config') : undefined
      const entries = config && propertyValue(config)
      if (!entries || !ts.isArrayLiteralExpression(entries)) return []
      return entries.elements.flatMap((entry) => {
        const id = ts.isObjectLiteralExpression(entry) ? findProperty(entry, 'providerId') : undefined
        const value = id && propertyValue(id)
        return value && ts.isStringLiteralLike(value) ? [value.text] : []
      })
    })
  const magicLink = calls.some((call) => calleeName(call, imports) === 'magicLink')
  return { oauth, oidc, magicLink }
}

/** Where kit-auth's pieces are in the app (add.ts's authFiles). */
export interface SignInFiles {
  auth: string
  client: string
  email: string
}

/** The URL the app is served at, for the callback URLs: BETTER_AUTH_URL in the env file, else Vite's dev server. */
function baseUrlOf(project: ProjectInfo, changes: ChangeSet): string {
  const line = (changes.read(project.envFile) ?? '')
    .split('\n')
    .map((entry) => /^\s*BETTER_AUTH_URL\s*=\s*["']?([^"'\s#]+)/.exec(entry)?.[1])
    .find(Boolean)
  return (line ?? 'http://localhost:3000').replace(/\/$/, '')
}

/** The `socialProviders` entry of a built-in provider, and the env variables it reads. */
function socialEntry(
  project: ProjectInfo,
  authFile: string,
  adopted: boolean,
  id: SocialProviderId,
  instance: { version: string; signUpClosed: boolean },
): { entry: SocialProviderEntry; env: Record<string, string> } {
  const prefix = envPrefix(id)
  const u = project.style.indent || '  '
  const q = (text: string) => quoted(text, project.style)
  const clientId = `clientId: process.env.${prefix}_CLIENT_ID ?? ${q('')},`
  const clientSecret = `clientSecret: process.env.${prefix}_CLIENT_SECRET ?? ${q('')},`
  const env: Record<string, string> = { [`${prefix}_CLIENT_ID`]: '', [`${prefix}_CLIENT_SECRET`]: '' }
  const closed = instance.signUpClosed ? signUpClosedLines(u) : []
  if (id === 'apple') {
    return {
      entry: {
        id,
        lines: [
          'apple: {',
          `${u}${clientId}`,
          `${u}// a JWT signed with the key of the Services ID, read at each use and`,
          `${u}// signed again before it expires (lib/auth/apple-client-secret.ts)`,
          `${u}get clientSecret() {`,
          `${u}${u}return appleClientSecret()`,
          `${u}},`,
          ...closed,
          '}',
        ],
        imports: [
          {
            from: adopted
              ? importSpecifier(project, authFile, 'lib/auth/apple-client-secret')
              : './apple-client-secret',
            names: ['appleClientSecret'],
          },
        ],
      },
      env: { APPLE_CLIENT_ID: '', APPLE_TEAM_ID: '', APPLE_KEY_ID: '', APPLE_PRIVATE_KEY: '' },
    }
  }
  const extra =
    id === 'microsoft'
      ? [
          `${u}// 'common' lets any Microsoft account in; your tenant's id keeps it to your organization`,
          `${u}tenantId: process.env.MICROSOFT_TENANT_ID || ${q('common')},`,
        ]
      : id === 'gitlab'
        ? [
            `${u}// a self-managed GitLab: its URL`,
            `${u}issuer: process.env.GITLAB_ISSUER || ${q('https://gitlab.com')},`,
          ]
        : []
  // before 1.4, Better Auth's Microsoft and GitLab providers say every address is verified, so
  // account linking would attach them to the account of the same address: they are not
  const unverified = claimsEveryEmailVerified(id, instance.version)
    ? [
        `${u}// better-auth ${instance.version} reports every ${SOCIAL_PROVIDERS[id].label} address as verified: it is not,`,
        `${u}// so it never links to the existing account of the same address`,
        `${u}mapProfileToUser: () => ({ emailVerified: false }),`,
      ]
    : []
  if (id === 'microsoft') env.MICROSOFT_TENANT_ID = 'common'
  if (id === 'gitlab') env.GITLAB_ISSUER = 'https://gitlab.com'
  return {
    entry: {
      id,
      lines: [`${id}: {`, `${u}${clientId}`, `${u}${clientSecret}`, ...extra, ...unverified, ...closed, '}'],
    },
    env,
  }
}

/** A provider's lines when the app closed sign-up: it signs existing users in, never creates one. */
function signUpClosedLines(u: string): string[] {
  return [`${u}// sign-up is closed (emailAndPassword.disableSignUp): existing users only`, `${u}disableSignUp: true,`]
}

/**
 * Whether the instance closed sign-up (`emailAndPassword: { disableSignUp: true }`): the sign-in
 * methods added then must not open it again (providers and magic links sign users up by default).
 */
export function signUpClosedIn(text: string, fileName: string): boolean {
  const instance = findInstance(parse(text, fileName))
  const emailAndPassword = instance?.options ? findProperty(instance.options, 'emailAndPassword') : undefined
  const options = emailAndPassword && propertyValue(emailAndPassword)
  const disableSignUp =
    options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'disableSignUp') : undefined
  const value = disableSignUp && propertyValue(disableSignUp)
  return value?.kind === ts.SyntaxKind.TrueKeyword
}

/** The `genericOAuth` config entry of an OpenID Connect provider (its lines, without the final comma). */
export function oidcEntry(id: string, style: ProjectInfo['style'], signUpClosed = false): string[] {
  const prefix = envPrefix(id)
  const u = style.indent || '  '
  const q = (text: string) => quoted(text, style)
  return [
    '{',
    `${u}// Any OpenID Connect provider (Keycloak, Auth0, Okta, Entra ID, Zitadel,`,
    `${u}// authentik): its endpoints come from the issuer's discovery document.`,
    `${u}providerId: ${q(id)},`,
    `${u}discoveryUrl: \`\${(process.env.${prefix}_ISSUER ?? ${q('')}).replace(/\\/$/, ${q('')})}/.well-known/openid-configuration\`,`,
    `${u}clientId: process.env.${prefix}_CLIENT_ID ?? ${q('')},`,
    `${u}clientSecret: process.env.${prefix}_CLIENT_SECRET ?? ${q('')},`,
    `${u}scopes: [${['openid', 'profile', 'email'].map(q).join(', ')}],`,
    `${u}pkce: true,`,
    ...(signUpClosed ? signUpClosedLines(u) : []),
    '}',
  ]
}

/**
 * What `kit-auth add oauth <provider...>`, `add oidc` and `add magic-link` change in an app that
 * went through init (or whose own instance init adopted): the instance's options (providers,
 * account linking, plugins), the client's plugins, env placeholders, the buttons and forms (new
 * files under lib/auth, inserted into kit-auth's own sign-in, sign-up and account pages; the two
 * lines to add for an app's own page), and the callback URLs to register. A second run plans nothing.
 */
export async function planSignIn(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  files: SignInFiles,
  request: SignInRequest,
): Promise<Plan> {
  const version = betterAuthVersion(project)
  const api = signInApi(version)
  const adopted = existing.instance !== null
  const notes: string[] = []
  const manualSteps: string[] = []
  const nextSteps: string[] = []
  const u = project.style.indent || '  '
  const run = { style: project.style, rerun: `run kit-auth add ${request.feature} again` }
  const command = `kit-auth add ${request.feature}`
  const baseUrl = baseUrlOf(project, changes)
  const signInPath = existing.ownSignIn ?? existing.signIn?.path ?? '/sign-in'
  // the plugins the instance imports go beside it when it lives in a workspace package
  const libFile = (name: string) =>
    `${authModulePath(project, `lib/auth/${name.replace(/\.tsx?$/, '')}`)}${path.posix.extname(name)}`
  const clientImport = importClause(existing.client?.exportName ?? 'authClient', 'authClient')
  const render = async (template: string, output: string, context: object = {}) =>
    formatCode(
      renderTemplate(
        `add/sign-in/${template}`,
        {
          clientImport,
          clientModule: importSpecifierOfFile(project, output, files.client),
          signInPath,
          oauth2Client: api.oauth2Client,
          unlinkByRowId: api.unlinkByRowId,
          expiresInMinutes: MAGIC_LINK_SECONDS / 60,
          ...context,
        },
        { import: (target: string) => importSpecifier(project, output, target) },
      ),
      output,
      project.style,
    )
  const createOnce = async (template: string, output: string, context: object = {}) => {
    if (!changes.exists(output)) changes.create(output, await render(template, output, context))
  }
  let env: Record<string, string> = {}
  let buttons: SignInProviderEntry[] = []
  const clientPlugins: string[] = []
  let already = false
  const signUpClosed = signUpClosedIn(changes.read(files.auth) ?? '', files.auth)
  const instance = { version, signUpClosed }

  if (request.feature === 'oauth') {
    const wanted = parseProviders(request.providers ?? [])
    const entries = wanted.map((id) => socialEntry(project, files.auth, adopted, id, instance))
    const result = runTransform(
      changes.read(files.auth) ?? '',
      files.auth,
      addSocialProviders,
      {
        providers: entries.map(({ entry }) => entry),
        trusted: wanted.filter((id) => SOCIAL_PROVIDERS[id].trusted),
        command,
        style: project.style,
      },
      run,
    )
    changes.update(files.auth, result.text)
    manualSteps.push(...result.notes)
    const present = result.data?.present ?? []
    if (present.length > 0) notes.push(`Already configured, left as it is: ${present.join(', ')}.`)
    already = present.length === wanted.length
    if (result.changes.length > 0) notes.push(`${files.auth}: added ${result.changes.join(', ')}.`)
    const unverified = wanted.filter((id) => !present.includes(id) && claimsEveryEmailVerified(id, version))
    if (unverified.length > 0)
      notes.push(
        `better-auth ${version} reports every ${unverified.map((id) => SOCIAL_PROVIDERS[id].label).join(' and ')} address as verified: ` +
          'kit-auth maps it to unverified (mapProfileToUser), so those sign-ins never link to an existing account by email.',
      )
    if (wanted.includes('apple'))
      await createOnce('lib/auth/apple-client-secret.ts.hbs', libFile('apple-client-secret.ts'))
    for (const { env: names } of entries) env = { ...env, ...names }
    buttons = wanted.map((id) => ({ id, label: SOCIAL_PROVIDERS[id].label, generic: false }))
    for (const id of wanted) {
      const prefix = envPrefix(id)
      nextSteps.push(
        `${SOCIAL_PROVIDERS[id].label}: register the callback URL ${baseUrl}/api/auth/callback/${id} ` +
          `(and your production URL's), then set ${id === 'apple' ? 'APPLE_CLIENT_ID (the Services ID), APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY (the .p8 key)' : `${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`} in ${project.envFile}.`,
      )
    }
    if (wanted.includes('apple'))
      nextSteps.push('Apple posts its answer from https://appleid.apple.com: add it to BETTER_AUTH_TRUSTED_ORIGINS.')
  } else if (request.feature === 'oidc') {
    const id = parseProviderId(request.id)
    const label = request.name?.trim() || 'Single sign-on'
    const prefix = envPrefix(id)
    const result = runTransform(
      changes.read(files.auth) ?? '',
      files.auth,
      addSignInPlugin,
      {
        plugin: 'genericOAuth',
        call: [
          'genericOAuth({',
          `${u}config: [`,
          ...oidcEntry(id, project.style, signUpClosed).map(
            (line, index, all) => `${u}${u}${line}${index === all.length - 1 ? ',' : ''}`,
          ),
          `${u}],`,
          '})',
        ],
        entry: { list: 'config', key: 'providerId', value: id, lines: oidcEntry(id, project.style, signUpClosed) },
        imports: [{ from: 'better-auth/plugins', names: ['genericOAuth'] }],
        command,
        style: project.style,
      },
      run,
    )
    changes.update(files.auth, result.text)
    already = result.data?.status === 'present'
    if (result.changes.length > 0) notes.push(`${files.auth}: added ${result.changes.join(', ')}.`)
    env = { [`${prefix}_ISSUER`]: '', [`${prefix}_CLIENT_ID`]: '', [`${prefix}_CLIENT_SECRET`]: '' }
    buttons = [{ id, label, generic: true }]
    nextSteps.push(
      `${label}: register the redirect URI ${baseUrl}${api.callbackPath(id)} (better-auth ${version}) ` +
        `with your OpenID Connect provider, then set ${prefix}_ISSUER, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET in ${project.envFile}.`,
    )
  } else {
    if (!changes.exists(files.email))
      throw new KitError(
        `${files.email} does not exist: magic links are sent through kit-auth's email module.`,
        'Run `npx kit-auth add email` first, then `npx kit-auth add magic-link`.',
      )
    const emailModule = (from: string) => (adopted ? importSpecifier(project, from, 'lib/auth/email') : './email')
    const result = runTransform(
      changes.read(files.auth) ?? '',
      files.auth,
      addSignInPlugin,
      {
        plugin: 'magicLink',
        call: [
          'magicLink({',
          `${u}// The link signs in once, within ${MAGIC_LINK_SECONDS / 60} minutes (lib/auth/magic-link-email.ts).`,
          `${u}expiresIn: 60 * ${MAGIC_LINK_SECONDS / 60},`,
          ...wrapped(
            `${u}sendMagicLink: async ({ email, url }) =>`,
            `sendEmail(magicLinkEmail(email, url)),`,
            project.style,
          ),
          ...(signUpClosed ? signUpClosedLines(u) : []),
          '})',
        ],
        imports: [
          { from: 'better-auth/plugins', names: ['magicLink'] },
          { from: emailModule(files.auth), names: ['sendEmail'] },
          {
            from: adopted ? importSpecifier(project, files.auth, 'lib/auth/magic-link-email') : './magic-link-email',
            names: ['magicLinkEmail'],
          },
        ],
        command,
        style: project.style,
      },
      run,
    )
    changes.update(files.auth, result.text)
    already = result.data?.status === 'present'
    if (result.changes.length > 0) notes.push(`${files.auth}: added ${result.changes.join(', ')}.`)
    const emailFile = libFile('magic-link-email.ts')
    await createOnce('lib/auth/magic-link-email.ts.hbs', emailFile, {
      emailModule: importSpecifierOfFile(project, emailFile, files.email),
    })
    await createOnce('lib/auth/components/magic-link-form.tsx.hbs', libFile('components/magic-link-form.tsx'))
    clientPlugins.push('magicLinkClient')
  }

  // Before 1.6 Better Auth links a provider to a user whose email nobody verified (a password
  // account registered in advance with the victim's address): kit-auth's plugin refuses that.
  if (request.feature !== 'magic-link' && semver.lt(version, '1.6.0')) {
    const guardFile = libFile('account-linking-guard.ts')
    const result = runTransform(
      changes.read(files.auth) ?? '',
      files.auth,
      addSignInPlugin,
      {
        plugin: 'accountLinkingGuard',
        call: ['accountLinkingGuard()'],
        imports: [
          {
            from: adopted
              ? importSpecifier(project, files.auth, 'lib/auth/account-linking-guard')
              : './account-linking-guard',
            names: ['accountLinkingGuard'],
          },
        ],
        command,
        style: project.style,
      },
      run,
    )
    changes.update(files.auth, result.text)
    await createOnce('lib/auth/account-linking-guard.ts.hbs', guardFile)
    if (result.data?.status === 'added')
      notes.push(
        `${files.auth}: added accountLinkingGuard() (${guardFile}): better-auth ${version} would link a provider's ` +
          'sign-in to an existing user whose email is not verified (a password account registered in advance with ' +
          'that address); the guard refuses it unless that user is the one signed in. From 1.6 Better Auth refuses it itself.',
      )
  }

  // A refusal where the browser arrives by a redirect (the provider's callback, the magic link) is JSON
  // from Better Auth (from every callback before 1.7, from the magic link in 1.7 too): kit-auth's plugin
  // sends the browser to the sign-in page with the refusal's code, which the page shows as a message.
  const errorsFile = libFile('sign-in-errors.ts')
  const errorPage = runTransform(
    changes.read(files.auth) ?? '',
    files.auth,
    addSignInPlugin,
    {
      plugin: 'signInErrorPage',
      call: ['signInErrorPage()'],
      imports: [
        {
          from: adopted ? importSpecifier(project, files.auth, 'lib/auth/sign-in-errors') : './sign-in-errors',
          names: ['signInErrorPage'],
        },
      ],
      command,
      style: project.style,
    },
    run,
  )
  changes.update(files.auth, errorPage.text)
  await createOnce('lib/auth/sign-in-errors.ts.hbs', errorsFile)
  if (errorPage.data?.status === 'added')
    notes.push(
      `${files.auth}: added signInErrorPage() (${errorsFile}): a sign-in refused on the provider's callback or a ` +
        `magic link sends the browser to ${signInPath} with the reason, not to Better Auth's JSON.`,
    )

  // Before 1.7 the buttons' generic branch (signIn.oauth2, oauth2.link) is typed by the client plugin,
  // whichever of oauth and oidc writes them first.
  if (buttons.length > 0 && api.oauth2Client) clientPlugins.push('genericOAuthClient')
  if (clientPlugins.length > 0) {
    const result = runTransform(
      changes.read(files.client) ?? '',
      files.client,
      addClientPlugins,
      { plugins: clientPlugins, command, style: project.style },
      run,
    )
    changes.update(files.client, result.text)
  }
  if (Object.keys(env).length > 0) {
    const envText = changes.read(project.envFile)
    const merged = mergeEnv(envText, env, `kit-auth add ${request.feature}: fill these in`)
    if (merged !== (envText ?? '')) changes.update(project.envFile, merged)
  }

  if (buttons.length > 0) {
    const providersFile = libFile('sign-in-providers.ts')
    const providersText = changes.read(providersFile)
    if (providersText === null)
      changes.create(
        providersFile,
        await render('lib/auth/sign-in-providers.ts.hbs', providersFile, {
          providers: buttons.map((button) => providerItem(button, project.style)),
        }),
      )
    else {
      const result = runTransform(
        providersText,
        providersFile,
        addSignInProvider,
        { providers: buttons, style: project.style },
        run,
      )
      changes.update(providersFile, result.text)
    }
    await createOnce('lib/auth/components/sign-in-providers.tsx.hbs', libFile('components/sign-in-providers.tsx'))
    await createOnce('lib/auth/components/linked-accounts.tsx.hbs', libFile('components/linked-accounts.tsx'))
  }

  if (signUpClosed && !changes.isEmpty())
    notes.push(
      `Sign-up is closed in this app (emailAndPassword.disableSignUp): ${request.feature} gets disableSignUp: true, ` +
        'so it signs existing users in and creates nobody.',
    )

  const pages = planSignInPages(project, changes, existing, request.feature, signInPath)
  notes.push(...pages.notes)
  manualSteps.push(...pages.manualSteps)

  const nothing = changes.isEmpty()
  if (nothing && already) notes.unshift(`${request.feature} is already on in this app: nothing to change.`)
  return {
    changeSet: changes,
    tasks: [],
    manualSteps,
    notes,
    nextSteps: nothing ? [] : nextSteps,
    data: { feature: request.feature, alreadyOn: nothing, callbackURLs: callbackUrls(request, baseUrl, api) },
  }
}

/** The callback URLs the providers of this request call back at (also in --json). */
function callbackUrls(request: SignInRequest, baseUrl: string, api: ReturnType<typeof signInApi>): string[] {
  if (request.feature === 'oauth')
    return parseProviders(request.providers ?? []).map((id) => `${baseUrl}/api/auth/callback/${id}`)
  if (request.feature === 'oidc') return [`${baseUrl}${api.callbackPath(parseProviderId(request.id))}`]
  return []
}

/** A component for one of kit-auth's own pages. */
interface PageComponent {
  page: 'sign-in' | 'sign-up' | 'account'
  name: string
  file: string
  jsx: string
  after: Anchor[]
}

/**
 * Puts the feature's components into kit-auth's own sign-in, sign-up and account pages; for an
 * app's own page (or one changed too much), the next steps give the import and the element.
 */
function planSignInPages(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  feature: SignInFeature,
  signInPath: string,
): { notes: string[]; manualSteps: string[] } {
  const notes: string[] = []
  const manualSteps: string[] = []
  const component = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth/components', `${name}.tsx`)
  const wanted: PageComponent[] =
    feature === 'magic-link'
      ? [
          {
            page: 'sign-in',
            name: 'MagicLinkForm',
            file: component('magic-link-form'),
            jsx: '<MagicLinkForm redirect={redirect} />',
            after: [
              { tag: 'SignInProviders', which: 'last' },
              { tag: 'form', which: 'last' },
            ],
          },
        ]
      : [
          ...(['sign-in', 'sign-up'] as const).map((page) => ({
            page,
            name: 'SignInProviders',
            file: component('sign-in-providers'),
            jsx: '<SignInProviders redirect={redirect} />',
            after: [{ tag: 'form', which: 'last' as const }],
          })),
          {
            page: 'account' as const,
            name: 'LinkedAccounts',
            file: component('linked-accounts'),
            jsx: '<LinkedAccounts />',
            after: [
              { tag: 'ChangePassword', which: 'last' as const },
              { tag: 'button', which: 'last' as const },
            ],
          },
        ]
  const signUpPath = path.posix.join(path.posix.dirname(signInPath), 'sign-up')
  const own = existing.ownSignIn === signInPath
  const routes = routeTable(project).routes
  const fileOf = (page: PageComponent['page']) => {
    if (page === 'account')
      return routes.find(
        (route) => route.file !== null && (changes.read(route.file) ?? '').includes(ACCOUNT_PAGE_MARKER),
      )?.file
    const found = pageAt(existing.routes, page === 'sign-in' ? signInPath : signUpPath)?.file
    return own ? found : undefined
  }
  const functions = { 'sign-in': 'SignInPage', 'sign-up': 'SignUpPage', account: 'AccountPage' } as const
  for (const item of wanted) {
    const file = fileOf(item.page)
    const step = (where: string) => {
      const from = importSpecifierOfFile(project, file ?? routeFileFor(project, `/${item.page}`), item.file)
      manualSteps.push(`Add to ${where}: \`import { ${item.name} } from '${from}'\` and \`${item.jsx}\`.`)
    }
    if (!file) {
      // an app's own sign-in page that already renders it
      const other = item.page === 'sign-in' ? existing.signIn?.file : undefined
      if (other && new RegExp(`\\b${item.name}\\b`).test(changes.read(other) ?? '')) continue
      step(`your ${item.page} page${other ? ` (${other})` : item.page === 'sign-up' ? ', if you have one' : ''}`)
      continue
    }
    const result = runTransform(
      changes.read(file) ?? '',
      file,
      addPageElement,
      {
        component: functions[item.page],
        container: 'main',
        name: item.name,
        from: importSpecifierOfFile(project, file, item.file),
        jsx: item.jsx,
        after: item.after,
        style: project.style,
      },
      { style: project.style, rerun: `run kit-auth add ${feature} again` },
    )
    if (result.data?.status === 'unrecognised') {
      step(`${file} (changed too much for kit-auth to edit it safely)`)
      continue
    }
    changes.update(file, result.text)
    if (result.data?.status === 'added') notes.push(`${file}: added <${item.name} />.`)
  }
  return { notes, manualSteps }
}

/**
 * A property `head body` of a plugin call in the `plugins` array of `betterAuth({...})` (three
 * indents deep): on one line when it fits the formatter's width, else broken after `head` with
 * `body` indented once more, as Prettier and Biome print it.
 */
function wrapped(head: string, body: string, style: CodeStyle): string[] {
  const unit = style.indent === '\t' ? 2 : style.indent.length
  const width = 3 * unit + head.trimStart().length + 1 + body.length
  const indent = /^\s*/.exec(head)?.[0] ?? ''
  return width <= (style.printWidth ?? 80) ? [`${head} ${body}`] : [head, `${indent}${style.indent}${body}`]
}
