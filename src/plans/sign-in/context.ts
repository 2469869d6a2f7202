import path from 'node:path'
import type { ChangeSet } from '../../core/change-set.js'
import { formatCode } from '../../core/format.js'
import { renderTemplate } from '../../core/templates.js'
import { addSignInPlugin, type AddSignInPluginOptions } from '../../codemods/auth/add-sign-in-plugin.js'
import type { SignInProviderEntry } from '../../codemods/module/add-sign-in-provider.js'
import { runTransform } from '../../codemods/transform.js'
import { importClause } from '../../codemods/js/exports.js'
import type { CodeStyle, ProjectInfo } from '../../project/types.js'
import type { ExistingAuth } from '../adopt.js'
import { authModuleFile, importSpecifier, importSpecifierOfFile } from '../paths.js'
import { betterAuthVersion } from '../versions.js'
import { baseUrlOf, signUpClosedIn } from './instance.js'
import { MAGIC_LINK_SECONDS, signInApi, type SignInRequest } from './providers.js'

/** Where kit-auth's pieces are in the app (add.ts's authFiles). */
export interface SignInFiles {
  auth: string
  client: string
  email: string
}

/** What every step of `add oauth|oidc|magic-link` knows: the app, its release, where things go. */
export interface SignInContext {
  project: ProjectInfo
  changes: ChangeSet
  files: SignInFiles
  /** The app's own instance, which init adopted (imports go through the alias, not `./`). */
  adopted: boolean
  version: string
  api: ReturnType<typeof signInApi>
  /** The instance closed sign-up: the methods added must not open it again. */
  signUpClosed: boolean
  baseUrl: string
  signInPath: string
  command: string
  run: { style: CodeStyle; rerun: string }
  /** One indent of the app's style. */
  u: string
  libFile: (name: string) => string
  render: (template: string, output: string, context?: object) => Promise<string>
  /** Writes a template's file unless it is there already. */
  createOnce: (template: string, output: string, context?: object) => Promise<void>
}

/** What the sign-in method's step adds up for the steps after it (env, buttons, client plugins) and the report. */
export interface SignInPieces {
  notes: string[]
  manualSteps: string[]
  nextSteps: string[]
  env: Record<string, string>
  buttons: SignInProviderEntry[]
  clientPlugins: string[]
  /** The method was already configured. */
  already: boolean
}

export function signInContext(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  files: SignInFiles,
  request: SignInRequest,
): SignInContext {
  const version = betterAuthVersion(project)
  const api = signInApi(version)
  const signInPath = existing.ownSignIn ?? existing.signIn?.path ?? '/sign-in'
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
  return {
    project,
    changes,
    files,
    adopted: existing.instance !== null,
    version,
    api,
    signUpClosed: signUpClosedIn(changes.read(files.auth) ?? '', files.auth),
    baseUrl: baseUrlOf(project, changes),
    signInPath,
    command: `kit-auth add ${request.feature}`,
    run: { style: project.style, rerun: `run kit-auth add ${request.feature} again` },
    u: project.style.indent || '  ',
    // the plugins the instance imports go beside it when it lives in a workspace package
    libFile: (name: string) => authModuleFile(project, `lib/auth/${name}`),
    render,
    createOnce: async (template: string, output: string, context: object = {}) => {
      if (!changes.exists(output)) changes.create(output, await render(template, output, context))
    },
  }
}

/** addSignInPlugin on the instance (its text updated in the change set): whether it was `added` or `present`. */
export function addInstancePlugin(context: SignInContext, options: Omit<AddSignInPluginOptions, 'command' | 'style'>) {
  const { project, changes, files } = context
  const result = runTransform(
    changes.read(files.auth) ?? '',
    files.auth,
    addSignInPlugin,
    { ...options, command: context.command, style: project.style },
    context.run,
  )
  changes.update(files.auth, result.text)
  return result
}
