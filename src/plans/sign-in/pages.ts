import path from 'node:path'
import type { ChangeSet } from '../../core/change-set.js'
import { addPageElement, type Anchor } from '../../codemods/page/add-page-element.js'
import { runTransform } from '../../codemods/transform.js'
import type { ProjectInfo } from '../../project/types.js'
import { routeTable } from '../../routes/discover.js'
import { ACCOUNT_PAGE_MARKER } from '../account-emails.js'
import { pageAt, type ExistingAuth } from '../adopt.js'
import { importSpecifierOfFile, routeFileFor } from '../paths.js'
import type { SignInFeature } from './providers.js'

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
export function planSignInPages(
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
