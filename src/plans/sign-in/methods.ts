import { KitError } from '../../core/errors.js'
import type { AddSignInPluginOptions } from '../../codemods/auth/add-sign-in-plugin.js'
import { addSocialProviders } from '../../codemods/auth/add-social-providers.js'
import { runTransform } from '../../codemods/transform.js'
import { importSpecifier, importSpecifierOfFile } from '../paths.js'
import { addInstancePlugin, type SignInContext, type SignInPieces } from './context.js'
import { oidcEntry, signUpClosedLines, socialEntry, wrapped } from './entries.js'
import {
  claimsEveryEmailVerified,
  envPrefix,
  MAGIC_LINK_SECONDS,
  parseProviderId,
  parseProviders,
  SOCIAL_PROVIDERS,
  type SignInRequest,
} from './providers.js'

/** `add oauth <provider...>`: Better Auth's built-in providers in `socialProviders`, trusted for linking or not. */
export async function planOauth(context: SignInContext, request: SignInRequest, out: SignInPieces): Promise<void> {
  const { project, changes, files, version, baseUrl } = context
  const instance = { version, signUpClosed: context.signUpClosed }
  const wanted = parseProviders(request.providers ?? [])
  const entries = wanted.map((id) => socialEntry(project, files.auth, context.adopted, id, instance))
  const result = runTransform(
    changes.read(files.auth) ?? '',
    files.auth,
    addSocialProviders,
    {
      providers: entries.map(({ entry }) => entry),
      trusted: wanted.filter((id) => SOCIAL_PROVIDERS[id].trusted),
      command: context.command,
      style: project.style,
    },
    context.run,
  )
  changes.update(files.auth, result.text)
  out.manualSteps.push(...result.notes)
  const present = result.data?.present ?? []
  if (present.length > 0) out.notes.push(`Already configured, left as it is: ${present.join(', ')}.`)
  out.already = present.length === wanted.length
  if (result.changes.length > 0) out.notes.push(`${files.auth}: added ${result.changes.join(', ')}.`)
  const unverified = wanted.filter((id) => !present.includes(id) && claimsEveryEmailVerified(id, version))
  if (unverified.length > 0)
    out.notes.push(
      `better-auth ${version} reports every ${unverified.map((id) => SOCIAL_PROVIDERS[id].label).join(' and ')} ` +
        'address as verified: kit-auth maps it to unverified (mapProfileToUser), so those sign-ins never link to ' +
        'an existing account by email.',
    )
  if (wanted.includes('apple'))
    await context.createOnce('lib/auth/apple-client-secret.ts.hbs', context.libFile('apple-client-secret.ts'))
  for (const { env: names } of entries) out.env = { ...out.env, ...names }
  out.buttons = wanted.map((id) => ({ id, label: SOCIAL_PROVIDERS[id].label, generic: false }))
  for (const id of wanted) {
    const prefix = envPrefix(id)
    const names =
      id === 'apple'
        ? 'APPLE_CLIENT_ID (the Services ID), APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY (the .p8 key)'
        : `${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`
    out.nextSteps.push(
      `${SOCIAL_PROVIDERS[id].label}: register the callback URL ${baseUrl}/api/auth/callback/${id} ` +
        `(and your production URL's), then set ${names} in ${project.envFile}.`,
    )
  }
  if (wanted.includes('apple'))
    out.nextSteps.push('Apple posts its answer from https://appleid.apple.com: add it to BETTER_AUTH_TRUSTED_ORIGINS.')
}

/** `add oidc`: one OpenID Connect provider in `genericOAuth({ config: [...] })`, found by its discovery document. */
export function planOidc(context: SignInContext, request: SignInRequest, out: SignInPieces): void {
  const { project, u, signUpClosed } = context
  const id = parseProviderId(request.id)
  const label = request.name?.trim() || 'Single sign-on'
  const prefix = envPrefix(id)
  addMethodPlugin(context, out, {
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
  })
  out.env = { [`${prefix}_ISSUER`]: '', [`${prefix}_CLIENT_ID`]: '', [`${prefix}_CLIENT_SECRET`]: '' }
  out.buttons = [{ id, label, generic: true }]
  out.nextSteps.push(
    `${label}: register the redirect URI ${context.baseUrl}${context.api.callbackPath(id)} ` +
      `(better-auth ${context.version}) with your OpenID Connect provider, then set ${prefix}_ISSUER, ` +
      `${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET in ${project.envFile}.`,
  )
}

/** `add magic-link`: the plugin sending through kit-auth's email module, its email and its form. */
export async function planMagicLink(context: SignInContext, out: SignInPieces): Promise<void> {
  const { project, changes, files, u, adopted } = context
  if (!changes.exists(files.email))
    throw new KitError(
      `${files.email} does not exist: magic links are sent through kit-auth's email module.`,
      'Run `npx kit-auth add email` first, then `npx kit-auth add magic-link`.',
    )
  const emailModule = (from: string) => (adopted ? importSpecifier(project, from, 'lib/auth/email') : './email')
  addMethodPlugin(context, out, {
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
      ...(context.signUpClosed ? signUpClosedLines(u) : []),
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
  })
  const emailFile = context.libFile('magic-link-email.ts')
  await context.createOnce('lib/auth/magic-link-email.ts.hbs', emailFile, {
    emailModule: importSpecifierOfFile(project, emailFile, files.email),
  })
  await context.createOnce(
    'lib/auth/components/magic-link-form.tsx.hbs',
    context.libFile('components/magic-link-form.tsx'),
  )
  out.clientPlugins.push('magicLinkClient')
}

/** The method's plugin on the instance: `already` on when it was there, a note when it was added. */
function addMethodPlugin(
  context: SignInContext,
  out: SignInPieces,
  options: Omit<AddSignInPluginOptions, 'command' | 'style'>,
): void {
  const result = addInstancePlugin(context, options)
  out.already = result.data?.status === 'present'
  if (result.changes.length > 0) out.notes.push(`${context.files.auth}: added ${result.changes.join(', ')}.`)
}
