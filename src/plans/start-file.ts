import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { mergeRequestMiddleware } from '../codemods/start/merge-request-middleware.js'
import type { ListedCsrf } from '../codemods/start/listed-csrf.js'
import { runTransform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import { importSpecifier } from './paths.js'

/** What the start-file step tells the user: notes, and warnings about a CSRF check that does less than it seems. */
export interface StartFileReport {
  notes: string[]
  warnings: string[]
}

const MIDDLEWARE_MODULE = 'lib/auth/request-middleware'

/**
 * Lists kit-auth's security-headers and CSRF middleware first in the app's start.ts (or writes
 * one): the CSRF one is left out only when start.ts already lists a CSRF middleware that checks
 * every server-function call; one that skips some is reported as a warning, and kit-auth's runs too.
 *
 * @example await planStartFile(project, changes, render) // { notes: ['Kept the CSRF middleware ...'], warnings: [] }
 */
export async function planStartFile(
  project: ProjectInfo,
  changes: ChangeSet,
  render: (template: string, output: string) => Promise<string>,
): Promise<StartFileReport> {
  if (!project.startFile) {
    const startFile = path.posix.join(project.srcDirectory, 'start.ts')
    changes.create(startFile, await render('init/start.ts.hbs', startFile))
    return { notes: [], warnings: [] }
  }
  const file = project.startFile
  const merged = runTransform(
    changes.read(file) ?? '',
    file,
    mergeRequestMiddleware,
    {
      from: importSpecifier(project, file, MIDDLEWARE_MODULE),
      middleware: ['securityHeadersMiddleware', 'csrfMiddleware'],
      csrf: 'csrfMiddleware',
      style: project.style,
    },
    { rerun: 'run kit-auth init again' },
  )
  changes.update(file, merged.text)
  const csrf = merged.data?.csrf ?? []
  const kept = csrf.find((found) => found.kind === 'createCsrfMiddleware' && found.weakened.length === 0)
  const notes = kept ? [keptNote(file, kept)] : []
  const ours = kept ? 'is not added (another one covers them)' : 'runs before it'
  const warnings = csrf
    .filter((found) => found.weakened.length > 0)
    .map(
      (found) =>
        `The CSRF middleware ${found.text} in ${file} does not protect every server function: ` +
        `${found.weakened.join('; ')}. kit-auth's csrfMiddleware ${ours}.`,
    )
  return { notes, warnings }
}

function keptNote(file: string, kept: ListedCsrf): string {
  return (
    `Kept the CSRF middleware (createCsrfMiddleware) already in ${file} (listed as ${kept.text}) ` +
    "instead of adding kit-auth's csrfMiddleware. Unlike kit-auth's, it does not let API-token (Bearer) calls " +
    "from other origins' browsers through; scripts without an Origin header are not affected."
  )
}
