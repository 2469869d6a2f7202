import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { addSignInProvider, providerItem } from '../codemods/module/add-sign-in-provider.js'
import { runTransform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import type { ExistingAuth } from './adopt.js'
import { mergeEnv } from './env.js'
import { signInContext, type SignInContext, type SignInFiles, type SignInPieces } from './sign-in/context.js'
import { planMagicLink, planOauth, planOidc } from './sign-in/methods.js'
import { planSignInPages } from './sign-in/pages.js'
import { callbackUrls, type SignInRequest } from './sign-in/providers.js'
import { planSignInRefusals } from './sign-in/refusals.js'

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
  const context = signInContext(project, changes, existing, files, request)
  const out: SignInPieces = {
    notes: [],
    manualSteps: [],
    nextSteps: [],
    env: {},
    buttons: [],
    clientPlugins: [],
    already: false,
  }
  if (request.feature === 'oauth') await planOauth(context, request, out)
  else if (request.feature === 'oidc') planOidc(context, request, out)
  else await planMagicLink(context, out)
  const { notes, manualSteps } = out
  notes.push(...(await planSignInRefusals(context, request.feature)))

  // Before 1.7 the buttons' generic branch (signIn.oauth2, oauth2.link) is typed by the client plugin,
  // whichever of oauth and oidc writes them first.
  if (out.buttons.length > 0 && context.api.oauth2Client) out.clientPlugins.push('genericOAuthClient')
  if (out.clientPlugins.length > 0) {
    const result = runTransform(
      changes.read(files.client) ?? '',
      files.client,
      addClientPlugins,
      { plugins: out.clientPlugins, command: context.command, style: project.style },
      context.run,
    )
    changes.update(files.client, result.text)
  }
  if (Object.keys(out.env).length > 0) {
    const envText = changes.read(project.envFile)
    const merged = mergeEnv(envText, out.env, `kit-auth add ${request.feature}: fill these in`)
    if (merged !== (envText ?? '')) changes.update(project.envFile, merged)
  }
  if (out.buttons.length > 0) await planProviderButtons(context, out)

  if (context.signUpClosed && !changes.isEmpty())
    notes.push(
      `Sign-up is closed in this app (emailAndPassword.disableSignUp): ${request.feature} gets disableSignUp: true, ` +
        'so it signs existing users in and creates nobody.',
    )

  const pages = planSignInPages(project, changes, existing, request.feature, context.signInPath)
  notes.push(...pages.notes)
  manualSteps.push(...pages.manualSteps)

  const nothing = changes.isEmpty()
  if (nothing && out.already) notes.unshift(`${request.feature} is already on in this app: nothing to change.`)
  return {
    changeSet: changes,
    tasks: [],
    manualSteps,
    notes,
    nextSteps: nothing ? [] : out.nextSteps,
    data: {
      feature: request.feature,
      alreadyOn: nothing,
      callbackURLs: callbackUrls(request, context.baseUrl, context.api),
    },
  }
}

/** The providers' buttons (lib/auth/sign-in-providers.ts, created or extended) and the components showing them. */
async function planProviderButtons(context: SignInContext, out: SignInPieces): Promise<void> {
  const { project, changes, libFile } = context
  const providersFile = libFile('sign-in-providers.ts')
  const providersText = changes.read(providersFile)
  if (providersText === null)
    changes.create(
      providersFile,
      await context.render('lib/auth/sign-in-providers.ts.hbs', providersFile, {
        providers: out.buttons.map((button) => providerItem(button, project.style)),
      }),
    )
  else {
    const result = runTransform(
      providersText,
      providersFile,
      addSignInProvider,
      { providers: out.buttons, style: project.style },
      context.run,
    )
    changes.update(providersFile, result.text)
  }
  await context.createOnce('lib/auth/components/sign-in-providers.tsx.hbs', libFile('components/sign-in-providers.tsx'))
  await context.createOnce('lib/auth/components/linked-accounts.tsx.hbs', libFile('components/linked-accounts.tsx'))
}
