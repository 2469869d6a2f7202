import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'

/** The templates folder shipped in the package, beside dist/. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))

/**
 * Renders `templates/<name>` with Handlebars (`noEscape`, `strict`: a missing variable throws).
 * `helpers` are available to that template only, e.g. `{{import "lib/auth/guards"}}`.
 *
 * @example renderTemplate('init/start.ts.hbs', { apiTokens: true }, { import: (target) => '#/' + target })
 */
export function renderTemplate(
  name: string,
  context: object,
  helpers: Record<string, Handlebars.HelperDelegate> = {},
): string {
  const source = readFileSync(`${TEMPLATES_DIR}${name}`, 'utf8')
  const template = Handlebars.compile(source, { noEscape: true, strict: true })
  return template(context, { helpers })
}
