import semver from 'semver'
import { importSpecifier } from '../paths.js'
import { addInstancePlugin, type SignInContext } from './context.js'
import type { SignInFeature } from './providers.js'

/** One of kit-auth's own Better Auth plugins (lib/auth/<file>.ts) in the instance's `plugins`; true when added. */
function addOwnPlugin(context: SignInContext, plugin: string, file: string): boolean {
  const { project, files } = context
  const from = context.adopted ? importSpecifier(project, files.auth, `lib/auth/${file}`) : `./${file}`
  const result = addInstancePlugin(context, { plugin, call: [`${plugin}()`], imports: [{ from, names: [plugin] }] })
  return result.data?.status === 'added'
}

/**
 * The plugins that keep sign-ins safe and their refusals readable: before 1.6 Better Auth links a
 * provider to a user whose email nobody verified (a password account registered in advance with the
 * victim's address), which accountLinkingGuard() refuses; signInErrorPage() sends a refusal where the
 * browser arrives by a redirect to the sign-in page instead of Better Auth's JSON. Returns the notes.
 */
export async function planSignInRefusals(context: SignInContext, feature: SignInFeature): Promise<string[]> {
  const { files, version, libFile } = context
  const notes: string[] = []
  if (feature !== 'magic-link' && semver.lt(version, '1.6.0')) {
    const guardFile = libFile('account-linking-guard.ts')
    const added = addOwnPlugin(context, 'accountLinkingGuard', 'account-linking-guard')
    await context.createOnce('lib/auth/account-linking-guard.ts.hbs', guardFile)
    if (added)
      notes.push(
        `${files.auth}: added accountLinkingGuard() (${guardFile}): better-auth ${version} would link a provider's ` +
          'sign-in to an existing user whose email is not verified (a password account registered in advance with ' +
          'that address); the guard refuses it unless that user is the one signed in. From 1.6 Better Auth ' +
          'refuses it itself.',
      )
  }

  // A refusal where the browser arrives by a redirect (the provider's callback, the magic link) is JSON
  // from Better Auth (from every callback before 1.7, from the magic link in 1.7 too): kit-auth's plugin
  // sends the browser to the sign-in page with the refusal's code, which the page shows as a message.
  const errorsFile = libFile('sign-in-errors.ts')
  const added = addOwnPlugin(context, 'signInErrorPage', 'sign-in-errors')
  await context.createOnce('lib/auth/sign-in-errors.ts.hbs', errorsFile)
  if (added)
    notes.push(
      `${files.auth}: added signInErrorPage() (${errorsFile}): a sign-in refused on the provider's callback or a ` +
        `magic link sends the browser to ${context.signInPath} with the reason, not to Better Auth's JSON.`,
    )
  return notes
}
