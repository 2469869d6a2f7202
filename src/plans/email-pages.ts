import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { addPageElement, type AddPageElementOptions } from '../codemods/page/add-page-element.js'
import { addSignUpCallback } from '../codemods/page/add-sign-up-callback.js'
import { explainUnverifiedSignIn } from '../codemods/page/explain-unverified-sign-in.js'
import { runTransform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import {
  ACCOUNT_PAGE_MARKER,
  componentFile,
  componentStep,
  EMAIL_COMPONENTS,
  type AccountEmailAnswers,
} from './account-emails.js'
import { isOwnPage, pageAt, type ExistingAuth } from './adopt.js'
import { importSpecifierOfFile, routeFileFor } from './paths.js'

/** A component for a page, with what to do when kit-auth cannot insert it. */
interface PageEdit extends Omit<AddPageElementOptions, 'from' | 'style' | 'jsx'> {
  file: string | null
  what: string
  key: keyof typeof EMAIL_COMPONENTS
}

/**
 * Inserts the feature's components into kit-auth's own sign-in and account pages; for an app's own
 * page, or one kit-auth no longer recognises, the next steps give the import and the element.
 */
export function planPageEdits(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  answers: AccountEmailAnswers,
  signInPath: string,
  verifyEmailPath: string,
): { notes: string[]; manualSteps: string[] } {
  const notes: string[] = []
  const manualSteps: string[] = []
  // kit-auth's own sign-in page (it guards itself with redirectIfAuthenticated)
  const signIn = existing.ownSignIn === signInPath ? (pageAt(existing.routes, signInPath)?.file ?? null) : null
  const accountPage = routeTable(project).routes.find(
    (route) => route.file !== null && (changes.read(route.file) ?? '').includes(ACCOUNT_PAGE_MARKER),
  )?.file
  const edits: PageEdit[] = [
    ...(answers.passwordReset
      ? [
          {
            key: 'forgotPasswordLink' as const,
            file: signIn ?? existing.signIn?.file ?? null,
            what: 'sign-in page',
            component: 'SignInPage',
            container: 'form',
            name: EMAIL_COMPONENTS.forgotPasswordLink.name,
            after: [{ tag: 'button', which: 'last' as const }],
          },
        ]
      : []),
    ...(answers.emailVerification
      ? [
          {
            key: 'verifyEmailNotice' as const,
            file: accountPage ?? null,
            what: 'account page',
            component: 'AccountPage',
            container: 'main',
            name: EMAIL_COMPONENTS.verifyEmailNotice.name,
            after: [{ tag: 'p', which: 'first' as const }],
          },
          {
            key: 'changeEmailForm' as const,
            file: accountPage ?? null,
            what: 'account page',
            component: 'AccountPage',
            container: 'main',
            name: EMAIL_COMPONENTS.changeEmailForm.name,
            // beside the other forms, after the sign-out button on pages older than them
            after: [
              { tag: 'ChangePassword', which: 'last' as const },
              { tag: 'button', which: 'last' as const },
            ],
            presentIf: ['ChangeEmail'],
          },
        ]
      : []),
  ]
  const run = { style: project.style, rerun: 'run kit-auth add again' }
  for (const edit of edits) {
    const component = componentFile(project, edit.key)
    const byHand = (where: string) =>
      manualSteps.push(componentStep(project, edit.key, edit.file ?? routeFileFor(project, signInPath), where))
    const own = edit.file && (edit.key === 'forgotPasswordLink' ? edit.file === signIn : true)
    if (edit.file && !own && new RegExp(`\\b${edit.name}\\b`).test(changes.read(edit.file) ?? '')) continue
    if (!edit.file || !own) {
      byHand(edit.file ? `your ${edit.what} (${edit.file})` : `your ${edit.what}`)
      continue
    }
    const { file, what: _what, key: _key, ...transform } = edit
    const result = runTransform(
      changes.read(file) ?? '',
      file,
      addPageElement,
      {
        ...transform,
        jsx: EMAIL_COMPONENTS[edit.key].jsx,
        from: importSpecifierOfFile(project, file, component),
        style: project.style,
      },
      run,
    )
    if (result.data?.status === 'unrecognised') {
      byHand(`${file} (changed too much for kit-auth to edit it safely)`)
      continue
    }
    changes.update(file, result.text)
    if (result.data?.status === 'added') notes.push(`${file}: added <${edit.name} />.`)
  }
  const signUpPath = path.posix.join(path.posix.dirname(signInPath), 'sign-up')
  const signUp = pageAt(existing.routes, signUpPath)?.file ?? null
  if (answers.emailVerification && signUp && isOwnPage(changes.read(signUp))) {
    const result = runTransform(
      changes.read(signUp) ?? '',
      signUp,
      addSignUpCallback,
      { callbackURL: verifyEmailPath, style: project.style },
      run,
    )
    changes.update(signUp, result.text)
    if (result.data?.status === 'added') notes.push(`${signUp}: the verification link leads to ${verifyEmailPath}.`)
  }
  // A required verification means sign-up gives no session: the page should say where the link went.
  const signUpText = signUp ? (changes.read(signUp) ?? '') : ''
  if (answers.requireEmailVerification && signUp && !/data\.token|check-inbox/.test(signUpText))
    manualSteps.push(
      `${signUp}: with requireEmailVerification, sign-up signs nobody in until the address is verified ` +
        '(`data.token` is null): tell the user to follow the link sent to them instead of navigating on.',
    )
  if (answers.emailVerification && signIn) {
    const result = runTransform(
      changes.read(signIn) ?? '',
      signIn,
      explainUnverifiedSignIn,
      { component: 'SignInPage', style: project.style },
      run,
    )
    changes.update(signIn, result.text)
    if (result.data?.status === 'unrecognised')
      manualSteps.push(
        `${signIn}: when sign-in answers \`error.code === 'EMAIL_NOT_VERIFIED'\`, ` +
          'tell the user to follow the new link sent to them.',
      )
  }
  return { notes, manualSteps }
}
