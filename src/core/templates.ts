import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'

/** The templates folder shipped in the package, beside dist/. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))

let partials: Record<string, string> | undefined
/** `templates/partials/<name>.hbs`, usable in every template as `{{> name}}`. */
function templatePartials(): Record<string, string> {
  partials ??= Object.fromEntries(
    readdirSync(`${TEMPLATES_DIR}partials`)
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => [file.slice(0, -'.hbs'.length), readFileSync(`${TEMPLATES_DIR}partials/${file}`, 'utf8')]),
  )
  return partials
}

/**
 * Renders `templates/<name>` with Handlebars (`noEscape`, `strict`: a missing variable throws).
 * `helpers` are available to that template only, e.g. `{{import "lib/auth/guards"}}`; the files of
 * `templates/partials` to every template, e.g. `{{> guardedBuilder}}`.
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
  return template(context, { helpers, partials: templatePartials() })
}
