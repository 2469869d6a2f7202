import type { SocialProviderEntry } from '../../codemods/auth/add-social-providers.js'
import { quoted } from '../../codemods/js/imports.js'
import type { CodeStyle, ProjectInfo } from '../../project/types.js'
import { importSpecifier } from '../paths.js'
import { claimsEveryEmailVerified, envPrefix, SOCIAL_PROVIDERS, type SocialProviderId } from './providers.js'

/** The `socialProviders` entry of a built-in provider, and the env variables it reads. */
export function socialEntry(
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
        `${u}// better-auth ${instance.version} reports every ${SOCIAL_PROVIDERS[id].label} address as ` +
          `verified: it is not,`,
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
export function signUpClosedLines(u: string): string[] {
  return [`${u}// sign-up is closed (emailAndPassword.disableSignUp): existing users only`, `${u}disableSignUp: true,`]
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
    `${u}discoveryUrl: \`\${(process.env.${prefix}_ISSUER ?? ${q('')}).replace(/\\/$/, ` +
      `${q('')})}/.well-known/openid-configuration\`,`,
    `${u}clientId: process.env.${prefix}_CLIENT_ID ?? ${q('')},`,
    `${u}clientSecret: process.env.${prefix}_CLIENT_SECRET ?? ${q('')},`,
    `${u}scopes: [${['openid', 'profile', 'email'].map(q).join(', ')}],`,
    `${u}pkce: true,`,
    ...(signUpClosed ? signUpClosedLines(u) : []),
    '}',
  ]
}

/**
 * A property `head body` of a plugin call in the `plugins` array of `betterAuth({...})` (three
 * indents deep): on one line when it fits the formatter's width, else broken after `head` with
 * `body` indented once more, as Prettier and Biome print it.
 */
export function wrapped(head: string, body: string, style: CodeStyle): string[] {
  const unit = style.indent === '\t' ? 2 : style.indent.length
  const width = 3 * unit + head.trimStart().length + 1 + body.length
  const indent = /^\s*/.exec(head)?.[0] ?? ''
  return width <= (style.printWidth ?? 80) ? [`${head} ${body}`] : [head, `${indent}${style.indent}${body}`]
}
