import path from 'node:path'
import ts from '../../../lib/typescript.js'
import type { ChangeSet } from '../../core/change-set.js'
import { KitError } from '../../core/errors.js'
import { stringConstant } from '../../codemods/js/unwrap.js'
import { parseOrRefuse } from '../../codemods/transform.js'
import { appModulePath } from '../../project/modules.js'
import type { ProjectInfo } from '../../project/types.js'
import { linkPathOf, routeTable } from '../../routes/discover.js'

/** The file's current text (planned or on disk); a missing file is a KitError naming init. */
export function readInitFile(changes: ChangeSet, file: string): string {
  const text = changes.read(file)
  if (text === null) {
    throw new KitError(
      `${file} does not exist: add-guard builds on the auth layer \`kit-auth init\` generates.`,
      'Run `npx kit-auth init` first, or restore the file.',
    )
  }
  return text
}

/**
 * Where `requireOrganizationAuth` sends a signed-in user without an active organization: an
 * organization picker route when the app has one (`/select-organization`, `/organizations`,
 * `/orgs/select`...), else the app home (`APP_HOME_PATH` in session.ts, else `/`).
 */
export async function organizationFallback(
  project: ProjectInfo,
  changes: ChangeSet,
  sessionFile: string,
): Promise<{ path: string; picker: boolean }> {
  const owner = '(?:organization|org|team|workspace)s?'
  const picker = new RegExp(
    `^(?:(?:select|choose|pick|switch)-(?:an-)?${owner}|${owner}-(?:picker|selector|switcher))$`,
  )
  const routes = routeTable(project).routes
  const candidates = routes
    .filter((route) => route.kind !== 'pathless' && !route.fullPath.includes('$'))
    .map(linkPathOf)
    .filter((fullPath) => {
      const [last = '', before = ''] = fullPath.split('/').filter(Boolean).reverse()
      return (
        picker.test(last) ||
        (/^(?:select|choose|pick|picker|switch)$/.test(last) && new RegExp(`^${owner}$`).test(before)) ||
        /^\/(?:organizations|orgs)$/.test(fullPath)
      )
    })
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  if (candidates[0]) return { path: candidates[0], picker: true }
  const home = stringConstant(parseOrRefuse(changes.read(sessionFile) ?? '', sessionFile), 'APP_HOME_PATH')
  return { path: home ?? '/', picker: false }
}

/**
 * The specifier a file should use for a sibling module (`./session`): the one its existing
 * imports already use for that file (relative, through an alias, with an extension), else the
 * relative one.
 */
export function siblingSpecifiers(project: ProjectInfo) {
  return (sourceFile: ts.SourceFile, file: string, module: string): string => {
    if (!module.startsWith('./')) return module
    const target = path.posix.join(path.posix.dirname(file), module.slice(2))
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
      const specifier = statement.moduleSpecifier.text
      if (appModulePath(project.aliases, file, specifier) === target) return specifier
    }
    return module
  }
}
